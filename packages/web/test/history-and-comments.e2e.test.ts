/**
 * The history panel and comments in Chromium: naming a draft, comparing it
 * with the text as it is now, restoring it (open pages follow live), and
 * comments anchored to the text, arriving live at collaborators' pages,
 * following concurrent edits, answered and resolved; a commenter comments on
 * a page they cannot type into.
 *
 * Each assertion against a risk names the breakage that fails it.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectAccessible } from './support/accessibility.js';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickIntoPage, createScriptWith, openEditor, shareScript, signUpWriter, statusBecomes, type SignedInWriter } from './support/writers.js';

/** The live page, not an earlier version shown in its place (which is a page of elements too). */
const LIVE_PAGE = '.script-sheet > .screenplay-page .ProseMirror';

/** The text of each element on the live page, with its element type. */
function liveElements(page: Page): Promise<Array<{ element: string; text: string }>> {
  return page.locator(`${LIVE_PAGE} p[data-element]`).evaluateAll((nodes) =>
    nodes.map((node) => ({ element: node.getAttribute('data-element') ?? '', text: node.textContent ?? '' })),
  );
}

function liveHighlights(page: Page): Promise<string[]> {
  return page.locator(`${LIVE_PAGE} .comment-highlight`).allTextContents();
}

function panelTab(page: Page, name: 'Comments' | 'History'): Promise<void> {
  return page.getByRole('tab', { name }).click();
}

/**
 * Selects `text` inside the `index`th element of the live page by dragging
 * across it with the mouse, as a person does (also on a read-only page).
 */
async function dragSelect(page: Page, index: number, text: string): Promise<void> {
  const element = page.locator(`${LIVE_PAGE} p[data-element]`).nth(index);
  const box = await element.evaluate((node, wanted) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let current = walker.nextNode(); current; current = walker.nextNode()) {
      const at = current.textContent!.indexOf(wanted);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(current, at);
      range.setEnd(current, at + wanted.length);
      const rect = range.getBoundingClientRect();
      return { left: rect.left, right: rect.right, y: rect.top + rect.height / 2 };
    }
    throw new Error(`“${wanted}” is not in the element`);
  }, text);
  await page.mouse.move(box.left + 1, box.y);
  await page.mouse.down();
  await page.mouse.move(box.right - 1, box.y, { steps: 5 });
  await page.mouse.up();
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(text);
}

/** The open (unresolved) thread whose quote is `quote`, in the comments panel. */
function thread(page: Page, quote: string): Locator {
  return page.locator('.comments-panel .thread-list').first().locator('.comment-thread', { has: page.locator('.thread-quote', { hasText: quote }) });
}

async function comment(page: Page, body: string): Promise<void> {
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await page.getByRole('textbox', { name: 'Comment' }).fill(body);
  await page.getByRole('form', { name: 'Comment' }).getByRole('button', { name: 'Comment' }).click();
}

describe.skipIf(skipBrowserTests)('the history panel and comments in Chromium', () => {
  const suite = useBrowserSuite();
  const newWriter = async (name: string) => signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), name);

  async function typeScene(page: Page): Promise<void> {
    await clickIntoPage(page);
    // A blank script is one empty action: INT. makes it a scene heading, Enter an action, Tab on an empty action a character.
    await page.keyboard.type('INT. KITCHEN - NIGHT');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Mara waits by the door.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.type('MARA');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Who left the gate open?');
    await expect.poll(() => liveElements(page)).toEqual(DRAFT_1);
    await statusBecomes(page, 'Saved');
  }

  const DRAFT_1 = [
    { element: 'sceneHeading', text: 'INT. KITCHEN - NIGHT' },
    { element: 'action', text: 'Mara waits by the door.' },
    { element: 'character', text: 'MARA' },
    { element: 'dialogue', text: 'Who left the gate open?' },
  ];

  test('a writer names a draft, compares it with the changed script, and restores it; a collaborator’s open page follows', { timeout: 120_000 }, async () => {
    const ann = await newWriter('AnnHistory');
    const ben = await newWriter('BenHistory');
    const scriptId = await createScriptWith(ann, 'Drafts');
    await shareScript(ann, scriptId, ben, 'editor');
    const annPage = await openEditor(ann, scriptId);
    await typeScene(annPage);

    await panelTab(annPage, 'History');
    await annPage.getByRole('button', { name: 'Name this draft…' }).click();
    await annPage.getByRole('textbox', { name: 'Name of this draft' }).fill('Draft 1 — to producer');
    await annPage.getByRole('button', { name: 'Name draft' }).click();
    const draft = annPage.locator('.checkpoint', { has: annPage.getByRole('heading', { name: 'Draft 1 — to producer' }) });
    await draft.waitFor();
    expect(await draft.locator('.checkpoint-facts').textContent()).toMatch(/1 page\b/);
    await expectAccessible(annPage);
    // A name can be put right: Rename… keeps the draft, under its new name.
    await draft.getByRole('button', { name: 'Rename…' }).click();
    await annPage.getByRole('textbox', { name: 'New name' }).fill('Draft 1 — to the producer');
    await annPage.getByRole('form', { name: 'New name' }).getByRole('button', { name: 'Rename' }).click();
    await annPage.getByRole('heading', { name: 'Draft 1 — to the producer' }).waitFor();
    expect(await annPage.locator('.checkpoint.named').count()).toBe(1);
    await annPage.getByRole('button', { name: 'Rename…' }).click();
    await annPage.getByRole('textbox', { name: 'New name' }).fill('Draft 1 — to producer');
    await annPage.getByRole('form', { name: 'New name' }).getByRole('button', { name: 'Rename' }).click();

    // One line changed, one added: a word selected and typed over, and the last word typed again and Enter after it
    // (the selection waited for, where a caret moved by keys could still be on its way when the next key came).
    await dragSelect(annPage, 1, 'door');
    await annPage.keyboard.type('window');
    await dragSelect(annPage, 3, 'open?');
    await annPage.keyboard.type('open?');
    await annPage.keyboard.press('Enter');
    await annPage.keyboard.type('Thunder rolls.');
    // And one line's words kept but one made bold.
    await dragSelect(annPage, 3, 'gate');
    await annPage.keyboard.press('Control+b');
    await annPage.locator(`${LIVE_PAGE} p[data-element="dialogue"] strong`).waitFor();
    await expect.poll(() => liveElements(annPage)).toEqual([
      ...DRAFT_1.slice(0, 1),
      { element: 'action', text: 'Mara waits by the window.' },
      ...DRAFT_1.slice(2),
      { element: 'action', text: 'Thunder rolls.' },
    ]);
    await statusBecomes(annPage, 'Saved');

    await draft.getByRole('button', { name: 'Compare with current' }).click();
    const comparison = annPage.getByRole('region', { name: 'Comparing Draft 1 — to producer with the current script' });
    await comparison.locator('.compared').first().waitFor();
    expect(await comparison.locator('.comparison-summary').textContent()).toBe('1 added, 0 removed, 2 changed');
    // Broken on purpose, failed here: a changed element rendered as its plain new text, without its words marked.
    const changed = comparison.locator('.compared.changed[data-element="action"]');
    expect(await changed.locator('del').allTextContents()).toEqual(['door']);
    expect(await changed.locator('ins').allTextContents()).toEqual(['window']);
    // Broken on purpose, failed here: without the note in ComparisonView, the bolded line showed as changed with nothing to say why.
    const restyled = comparison.locator('.compared.changed[data-element="dialogue"]');
    expect(await restyled.locator('ins, del').count()).toBe(0);
    expect(await restyled.locator('.compared-note').textContent()).toBe('bold, italic or underline changed');
    expect(await comparison.locator('.compared.added').textContent()).toBe('Thunder rolls.');
    expect(await comparison.locator('.compared.added').getAttribute('data-element')).toBe('action');
    // The live page is hidden, not gone, while the comparison shows.
    expect(await annPage.locator(`${LIVE_PAGE}[contenteditable="true"]`).isVisible()).toBe(false);
    await annPage.screenshot({ path: path.join(resultsDir, 'history-compare.png'), fullPage: true });
    await expectAccessible(annPage);

    await annPage.getByRole('button', { name: 'Back to the script' }).click();
    await annPage.locator(`${LIVE_PAGE}[contenteditable="true"]`).waitFor();

    // View shows the draft read-only in the page's place.
    await draft.getByRole('button', { name: 'View' }).click();
    const viewed = annPage.getByRole('region', { name: 'Viewing Draft 1 — to producer' });
    await viewed.locator('p[data-element]').first().waitFor();
    expect(await viewed.locator('p[data-element]').allTextContents()).toEqual(DRAFT_1.map((element) => element.text));
    expect(await viewed.locator('.ProseMirror').getAttribute('contenteditable')).toBe('false');
    await annPage.screenshot({ path: path.join(resultsDir, 'history-view.png') });
    // Failed here with aria-readonly on the viewed version's role="document" (axe's aria-allowed-attr, critical).
    await expectAccessible(annPage);
    await annPage.getByRole('button', { name: 'Back to the script' }).click();

    // Ben has the script open; the restore reaches his page by itself.
    const benPage = await openEditor(ben, scriptId);
    await expect.poll(() => liveElements(benPage)).toHaveLength(5);
    await draft.getByRole('button', { name: 'Restore this version…' }).click();
    await annPage.getByRole('group', { name: 'Confirm restore' }).getByRole('button', { name: 'Restore' }).click();
    await expect.poll(() => liveElements(annPage), { timeout: 10_000 }).toEqual(DRAFT_1);
    // Ben's page follows the restore by itself, without a reload.
    await expect.poll(() => liveElements(benPage), { timeout: 10_000 }).toEqual(DRAFT_1);
    // The history lists the restore, on Ann's page and live on Ben's.
    await annPage.locator('.checkpoint.restore .checkpoint-name', { hasText: 'Restored' }).first().waitFor();
    await panelTab(benPage, 'History');
    await benPage.locator('.checkpoint.restore .checkpoint-name', { hasText: 'Restored' }).first().waitFor();
    await annPage.screenshot({ path: path.join(resultsDir, 'history-restored.png'), fullPage: true });
  });

  test('comments: one writer comments on a word, the other sees it live and replies, the highlight follows edits, the first resolves it', { timeout: 120_000 }, async () => {
    const ann = await newWriter('AnnComments');
    const ben = await newWriter('BenComments');
    const scriptId = await createScriptWith(ann, 'Notes');
    await shareScript(ann, scriptId, ben, 'editor');
    const annPage = await openEditor(ann, scriptId);
    await typeScene(annPage);
    const benPage = await openEditor(ben, scriptId);
    await panelTab(benPage, 'Comments');
    await benPage.getByText('No comments yet').waitFor();

    await dragSelect(annPage, 3, 'gate');
    await comment(annPage, 'Which gate? The garden one?');
    await thread(annPage, 'gate').getByText('Which gate? The garden one?').waitFor();
    expect(await liveHighlights(annPage)).toEqual(['gate']);

    // Broken on purpose, failed here: the connection not sending NoticeRequest after connecting (Ben saw it only after a reload).
    await thread(benPage, 'gate').getByText('Which gate? The garden one?').waitFor({ timeout: 5_000 });
    await expect.poll(() => liveHighlights(benPage)).toEqual(['gate']);

    // Ben types before the word on its line: both pages keep the highlight on the word.
    await clickIntoPage(benPage, benPage.locator(`${LIVE_PAGE} p[data-element]`).nth(3));
    await benPage.keyboard.press('Home');
    await benPage.keyboard.type('So, ');
    await expect.poll(() => liveElements(annPage)).toContainEqual({ element: 'dialogue', text: 'So, Who left the gate open?' });
    // Broken on purpose, failed here: the highlight only mapped through changes, never read again from Yjs when a
    // collaborator's change arrives (y-tiptap replaces the whole document then, and the mapped highlight vanished).
    await expect.poll(() => liveHighlights(annPage)).toEqual(['gate']);
    await expect.poll(() => liveHighlights(benPage)).toEqual(['gate']);

    await thread(benPage, 'gate').getByRole('button', { name: 'Reply' }).click();
    await benPage.getByRole('textbox', { name: 'Reply' }).fill('The garden gate.');
    await benPage.getByRole('form', { name: 'Reply' }).getByRole('button', { name: 'Reply' }).click();
    await thread(annPage, 'gate').getByText('The garden gate.').waitFor({ timeout: 5_000 });
    expect(await thread(annPage, 'gate').locator('.comment-author').allTextContents()).toEqual(['AnnComments', 'BenComments']);
    // Only her own comment offers Edit to Ann; as the owner she may delete both.
    expect(await thread(annPage, 'gate').getByRole('button', { name: /^Edit/ }).count()).toBe(1);

    // Ann rewords her comment: Ben's page shows the new words, marked edited.
    await thread(annPage, 'gate').getByRole('button', { name: 'Edit your comment “Which gate? The garden one?”' }).click();
    await annPage.getByRole('textbox', { name: 'Edit comment' }).fill('Which gate? The garden one or the yard?');
    await annPage.getByRole('form', { name: 'Edit comment' }).getByRole('button', { name: 'Save' }).click();
    await thread(benPage, 'gate').getByText('Which gate? The garden one or the yard?').waitFor({ timeout: 5_000 });
    await thread(benPage, 'gate').getByText('(edited)').waitFor();
    // Ben deletes his reply, and adds a better one: Ann's page loses the first and gets the second.
    await thread(benPage, 'gate').getByRole('button', { name: 'Delete the comment “The garden gate.”' }).click();
    await expect.poll(() => thread(annPage, 'gate').getByText('The garden gate.').count(), { timeout: 5_000 }).toBe(0);
    await thread(benPage, 'gate').getByRole('button', { name: 'Reply' }).click();
    await benPage.getByRole('textbox', { name: 'Reply' }).fill('The yard gate, by the barn.');
    await benPage.getByRole('form', { name: 'Reply' }).getByRole('button', { name: 'Reply' }).click();
    await thread(annPage, 'gate').getByText('The yard gate, by the barn.').waitFor({ timeout: 5_000 });
    expect(await thread(annPage, 'gate').locator('.comment-body').allTextContents()).toEqual(['Which gate? The garden one or the yard?', 'The yard gate, by the barn.']);

    await annPage.locator('.script-workspace').screenshot({ path: path.join(resultsDir, 'comments-thread.png') });
    await expectAccessible(annPage);

    // Clicking the thread selects its text on the page.
    await thread(annPage, 'gate').locator('.thread-quote').click();
    await expect.poll(() => annPage.evaluate(() => window.getSelection()?.toString())).toBe('gate');

    await thread(annPage, 'gate').getByRole('button', { name: 'Resolve' }).click();
    const resolved = annPage.locator('.resolved-threads');
    await resolved.locator('summary', { hasText: 'Resolved (1)' }).waitFor();
    await expect.poll(() => annPage.locator(`${LIVE_PAGE} .comment-highlight`).count()).toBe(0);
    await benPage.locator('.resolved-threads summary', { hasText: 'Resolved (1)' }).waitFor({ timeout: 5_000 });
    await resolved.locator('summary').click();
    await resolved.getByText('Resolved by AnnComments').waitFor();
    await annPage.locator('.script-workspace').screenshot({ path: path.join(resultsDir, 'comments-resolved.png') });
    // Failed here with resolved threads faded to opacity 0.85: their muted times fell below 4.5:1 (axe's color-contrast).
    await expectAccessible(annPage);
  });

  test('a commenter comments on a page they cannot type into; a viewer has no comment controls', { timeout: 90_000 }, async () => {
    const ann = await newWriter('AnnCommenter');
    const cal = await newWriter('CalCommenter');
    const vic = await newWriter('VicCommenter');
    const scriptId = await createScriptWith(ann, 'Read and note', [
      { type: 'scene_heading', text: 'EXT. PIER - DAWN' },
      { type: 'action', text: 'Gulls circle the empty boats.' },
    ]);
    await share(ann, scriptId, cal, 'commenter');
    await shareScript(ann, scriptId, vic, 'viewer');

    // Broken on purpose, failed here: comment controls given to those who may edit rather than to those who may comment.
    const calPage = await openEditor(cal, scriptId, { editable: false });
    await calPage.getByText('Read only', { exact: true }).waitFor();
    await dragSelect(calPage, 1, 'empty boats');
    // Ctrl-Alt-M opens the comment form for the selection, as the button does (broken on purpose, failed here: the key
    // listened for as Ctrl-Alt-K).
    await calPage.keyboard.press('Control+Alt+KeyM');
    await calPage.getByRole('textbox', { name: 'Comment' }).fill('Whose boats?');
    await expectAccessible(calPage);
    await calPage.getByRole('form', { name: 'Comment' }).getByRole('button', { name: 'Comment' }).click();
    await thread(calPage, 'empty boats').getByText('Whose boats?').waitFor();
    expect(await liveHighlights(calPage)).toEqual(['empty boats']);
    // Typing into the page still changes nothing.
    await calPage.locator(`${LIVE_PAGE} p[data-element]`).nth(1).click();
    await calPage.keyboard.type('xyz');
    expect(await liveElements(calPage)).toEqual([
      { element: 'sceneHeading', text: 'EXT. PIER - DAWN' },
      { element: 'action', text: 'Gulls circle the empty boats.' },
    ]);
    // A commenter may not name drafts or restore.
    await panelTab(calPage, 'History');
    await calPage.locator('.history-panel').waitFor();
    expect(await calPage.getByRole('button', { name: 'Name this draft…' }).count()).toBe(0);

    const vicPage = await openEditor(vic, scriptId, { editable: false });
    await panelTab(vicPage, 'Comments');
    await thread(vicPage, 'empty boats').getByText('Whose boats?').waitFor();
    expect(await vicPage.getByRole('button', { name: 'Comment', exact: true }).count()).toBe(0);
    expect(await thread(vicPage, 'empty boats').getByRole('button', { name: /Reply|Resolve/ }).count()).toBe(0);
  });
});

/** Shares with any role, the commenter's included (the shared helper predates it). */
async function share(owner: SignedInWriter, scriptId: string, withWriter: SignedInWriter, role: 'commenter'): Promise<void> {
  const response = await owner.context.request.post(`/api/scripts/${scriptId}/collaborators`, { data: { email: withWriter.email, role } });
  if (response.status() !== 201) throw new Error(`sharing answered ${response.status()}: ${await response.text()}`);
}
