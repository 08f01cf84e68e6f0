import path from 'node:path';
import type { ContentBlock } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { caretAtEndOf, createScriptWith, firstCommentsRead, PASSWORD, openEditor, pageElements, serverContent, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. HOSPITAL CORRIDOR - NIGHT' },
  { type: 'action', text: 'Fluorescent light hums. MARA (40s) pushes an empty gurney.' },
  { type: 'character', text: 'MARA' },
  { type: 'parenthetical', text: '(to herself)' },
  { type: 'dialogue', text: 'Third one tonight.' },
  { type: 'transition', text: 'CUT TO:' },
];

describe.skipIf(skipBrowserTests)('writing together in Chromium', () => {
  const suite = useBrowserSuite();
  const newContext = () => suite.newContext({ width: 1200, height: 1000 });

  test('two writers type into one script, see each other and each other’s carets, and a reload shows the same script', async () => {
    const ada = await signUpWriter(await newContext(), 'Ada');
    const ben = await signUpWriter(await newContext(), 'Ben');
    const cy = await signUpWriter(await newContext(), 'Cy');
    const scriptId = await createScriptWith(ada, 'Night Rounds', SCENE);
    await shareScript(ada, scriptId, ben, 'editor');
    await shareScript(ada, scriptId, cy, 'editor');

    const adaPage = await openEditor(ada, scriptId);
    const benPage = await openEditor(ben, scriptId);
    expect(await pageElements(adaPage)).toEqual(SCENE.map((block) => ({ element: elementOf(block.type), text: block.text })));

    await caretAtEndOf(adaPage, 1);
    await adaPage.keyboard.type(' It squeaks.');
    await caretAtEndOf(benPage, 4);
    await benPage.keyboard.type(' Maybe four.');

    const expected = SCENE.map((block) => ({ element: elementOf(block.type), text: block.text }));
    expected[1]!.text += ' It squeaks.';
    expected[4]!.text += ' Maybe four.';
    for (const page of [adaPage, benPage]) await expect.poll(() => pageElements(page), { timeout: 10_000 }).toEqual(expected);

    // Presence: each page lists both writers, and draws the other's caret with their name.
    for (const [page, other] of [[adaPage, 'Ben'], [benPage, 'Ada']] as const) {
      await page.locator(`.collaboration-caret[data-writer="${other}"]`).waitFor();
      const names = page.getByRole('list', { name: 'In this script' }).getByRole('listitem');
      await expect.poll(() => names.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(other)]));
    }
    expect(await adaPage.getByRole('list', { name: 'In this script' }).getByRole('listitem').first().textContent()).toBe('Ada (you)');

    // A third writer's caret in the scene heading: the screenshot shows a formatted scene with two named carets.
    const cyPage = await openEditor(cy, scriptId);
    await caretAtEndOf(cyPage, 0);
    await adaPage.locator('.collaboration-caret[data-writer="Cy"]').waitFor();
    await adaPage.locator('.collaboration-caret[data-writer="Ben"]').waitFor();
    await statusBecomes(adaPage, 'Saved');
    await adaPage.screenshot({ path: path.join(resultsDir, 'collaboration.png'), fullPage: true });

    await statusBecomes(benPage, 'Saved');
    await adaPage.reload();
    await adaPage.locator('.screenplay-page[data-synced="true"]').waitFor();
    await expect.poll(() => pageElements(adaPage), { timeout: 10_000 }).toEqual(expected);
    expect(await serverContent(ada, scriptId)).toEqual(SCENE.map((block, i) => ({ ...block, text: expected[i]!.text })));
    await adaPage.locator('.collaboration-caret[data-writer="Cy"]').waitFor();
  }, 90_000);

  test('a viewer gets a read-only page: typing changes nothing on screen or on the server', async () => {
    const owner = await signUpWriter(await newContext(), 'Olive');
    const viewer = await signUpWriter(await newContext(), 'Victor');
    const scriptId = await createScriptWith(owner, 'For Your Eyes', SCENE);
    await shareScript(owner, scriptId, viewer, 'viewer');
    const ownerPage = await openEditor(owner, scriptId);
    const before = await serverContent(owner, scriptId);

    const viewerPage = await openEditor(viewer, scriptId, { editable: false });
    await viewerPage.getByText('Read only', { exact: true }).waitFor();
    // Nothing a viewer sends is stored, so the page never waits for a save.
    await statusBecomes(viewerPage, 'Connected');
    expect(await viewerPage.getByRole('group', { name: 'Formatting' }).count()).toBe(0);
    await viewerPage.locator('.ProseMirror p[data-element]').nth(1).click();
    await viewerPage.keyboard.type('Victor was here.');
    await viewerPage.keyboard.press('Enter');
    await viewerPage.keyboard.press('Backspace');
    await viewerPage.keyboard.press('Tab');

    // The viewer's own presence still shows (a viewer is in the script), but nothing they typed does.
    await ownerPage.getByRole('list', { name: 'In this script' }).getByText('Victor').waitFor();
    const scene = SCENE.map((block) => ({ element: elementOf(block.type), text: block.text }));
    expect(await pageElements(viewerPage)).toEqual(scene);
    expect(await pageElements(ownerPage)).toEqual(scene);
    expect(await serverContent(owner, scriptId)).toEqual(before);
  }, 60_000);

  test('a writer made a viewer while typing is told, and the page reloads from the server without the unsaved change', async () => {
    const owner = await signUpWriter(await newContext(), 'Orla');
    const writer = await signUpWriter(await newContext(), 'Wes');
    const scriptId = await createScriptWith(owner, 'Demoted', SCENE);
    await shareScript(owner, scriptId, writer, 'editor');
    const page = await openEditor(writer, scriptId);

    const changed = await owner.context.request.patch(`/api/scripts/${scriptId}/collaborators/${writer.userId}`, { data: { role: 'viewer' } });
    expect(changed.status()).toBe(200);
    await caretAtEndOf(page, 1);
    await page.keyboard.type(' Too late.');
    await page.getByRole('alert').filter({ hasText: 'You can now only view this script' }).waitFor();
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="false"]').waitFor();
    const scene = SCENE.map((block) => ({ element: elementOf(block.type), text: block.text }));
    await expect.poll(() => pageElements(page)).toEqual(scene);
    expect(await serverContent(owner, scriptId)).toEqual(SCENE);
    await statusBecomes(page, 'Connected');
  }, 60_000);

  test('a writer removed from a script is disconnected for good: the page says why, turns read-only and stops reconnecting', async () => {
    const owner = await signUpWriter(await newContext(), 'Oona');
    const guest = await signUpWriter(await newContext(), 'Gus');
    const scriptId = await createScriptWith(owner, 'Closed Set', SCENE);
    await shareScript(owner, scriptId, guest, 'editor');
    const guestPage = await guest.context.newPage();
    let sockets = 0;
    guestPage.on('websocket', () => (sockets += 1));
    const commentsRead = firstCommentsRead(guestPage, scriptId);
    await guestPage.goto(`/scripts/${scriptId}`);
    await guestPage.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await commentsRead;

    const removed = await owner.context.request.delete(`/api/scripts/${scriptId}/collaborators/${guest.userId}`);
    expect(removed.status()).toBe(204);
    await statusBecomes(guestPage, 'You no longer have access to this script');
    await guestPage.locator('.ProseMirror[contenteditable="false"]').waitFor();
    // A retry would be refused the same way: the backoff would have tried again within a second.
    await guestPage.waitForTimeout(2_000);
    expect(sockets).toBe(1);
  }, 60_000);

  test('signing out elsewhere ends the page\'s connection and says so; signing in again resumes it', async () => {
    const writer = await signUpWriter(await newContext(), 'Sol');
    const scriptId = await createScriptWith(writer, 'Signed Out', SCENE);
    const page = await openEditor(writer, scriptId);
    // The same browser profile signs out from another tab: the session is revoked on the server.
    expect((await writer.context.request.post('/api/auth/signout')).status()).toBe(204);
    await statusBecomes(page, 'Signed out — sign in again to keep writing; changes made here are kept in this browser');
    await page.locator('.ProseMirror[contenteditable="false"]').waitFor();

    // Signing in again (here, or after a laptop's sleep outran the token renewal) brings the page back by itself.
    const signedIn = await writer.context.request.post('/api/auth/signin', { data: { email: writer.email, password: PASSWORD } });
    expect(signedIn.status()).toBe(200);
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor({ timeout: 20_000 });
    await caretAtEndOf(page, 0);
    await page.keyboard.type(' AGAIN');
    await statusBecomes(page, 'Saved');
    expect((await serverContent(writer, scriptId))[0]?.text).toBe('INT. HOSPITAL CORRIDOR - NIGHT AGAIN');
  }, 60_000);

  test('a paste too big to send is dropped with a notice, and the script reloads without it', async () => {
    const writer = await signUpWriter(await newContext(), 'Pia');
    const scriptId = await createScriptWith(writer, 'Big Paste', SCENE);
    const page = await openEditor(writer, scriptId);
    await caretAtEndOf(page, 1);
    // Over the server's 16 MiB frame limit: the socket is closed with 1009.
    await page.evaluate(() => {
      const pasted = new DataTransfer();
      pasted.setData('text/plain', 'y'.repeat(17 * 1024 * 1024));
      document.querySelector('.ProseMirror')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
    });
    await page.getByRole('alert').filter({ hasText: 'was too big to send' }).waitFor({ timeout: 30_000 });
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await expect.poll(() => pageElements(page)).toEqual(SCENE.map((block) => ({ element: elementOf(block.type), text: block.text })));
    expect(await serverContent(writer, scriptId)).toEqual(SCENE);
  }, 90_000);

  test('when the server refuses a change, the page drops its copy and reopens the script from the server', async () => {
    const writer = await signUpWriter(await newContext(), 'Rhea');
    const scriptId = await createScriptWith(writer, 'Refused', SCENE);
    const page = await openEditor(writer, scriptId);

    // Content the screenplay schema does not know, written straight into the page's Yjs document
    // (as a buggy extension or an old client might): the server closes with 4409 and stores nothing.
    await page.evaluate(() => {
      const editor = (document.querySelector('.ProseMirror') as HTMLElement & { editor: EditorHandle }).editor;
      const doc = editor.extensionManager.extensions.find((extension) => extension.name === 'collaboration')!.options.document;
      doc.getMap('notes').set('stray', 'not screenplay content');
    });
    await page.getByRole('alert').filter({ hasText: 'the script was reloaded from the server' }).waitFor();
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    expect(await pageElements(page)).toEqual(SCENE.map((block) => ({ element: elementOf(block.type), text: block.text })));

    // The refused change is gone from this browser: after a reload the page works normally.
    await page.reload();
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await caretAtEndOf(page, 0);
    await page.keyboard.type(' (LATER)');
    await statusBecomes(page, 'Saved');
    expect((await serverContent(writer, scriptId))[0]).toEqual({ type: 'scene_heading', text: 'INT. HOSPITAL CORRIDOR - NIGHT (LATER)' });
  }, 60_000);
});

/** What `evaluate` needs of the TipTap editor the page stores on its DOM node. */
interface EditorHandle {
  extensionManager: { extensions: Array<{ name: string; options: { document: { getMap(name: string): { set(key: string, value: string): void } } } }> };
}

function elementOf(type: ContentBlock['type']): string {
  return type === 'scene_heading' ? 'sceneHeading' : type;
}
