/**
 * Scripts in and out in Chromium (README, "Scripts in and out"): a Fountain
 * file dropped on the script list becomes a script with the right elements
 * and its import report; pasting a Fountain scene into the page makes its
 * elements, and a copy from another WritersRoom page keeps them; Export
 * Fountain and Export FDX download files that import back to the same script.
 *
 * Each test names the breakage that fails it.
 */
import { readFile } from 'node:fs/promises';
import type { ContentBlock } from '@writersroom/screenplay';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { expectAccessible } from './support/accessibility.js';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickIntoPage, createScriptWith, openEditor, pageElements, serverContent, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE = `INT. LIGHTHOUSE - NIGHT

The lamp turns. Somewhere below, the *sea*.

MARA
(to herself)
Every night the same light.

CUT TO:
`;

const SCENE_ELEMENTS = [
  { element: 'sceneHeading', text: 'INT. LIGHTHOUSE - NIGHT' },
  { element: 'action', text: 'The lamp turns. Somewhere below, the sea.' },
  { element: 'character', text: 'MARA' },
  { element: 'parenthetical', text: 'to herself' },
  { element: 'dialogue', text: 'Every night the same light.' },
  { element: 'transition', text: 'CUT TO:' },
];

/** Drops a file on the script list as a writer's file manager would. */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('script-drop').evaluate(
    (zone, file) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([file.text], file.name, { type: 'text/plain' }));
      zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { name, text },
  );
}

/** Pastes `data` (media type → text) into the page at the caret, as the clipboard would hand it over. */
async function paste(page: Page, data: Record<string, string>): Promise<void> {
  await page.locator('.ProseMirror').evaluate((editor, items) => {
    const transfer = new DataTransfer();
    for (const [type, value] of Object.entries(items)) transfer.setData(type, value);
    editor.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, clipboardData: transfer }));
  }, data);
}

describe.skipIf(skipBrowserTests)('scripts in and out in Chromium', () => {
  const suite = useBrowserSuite();
  const newWriter = async (name: string) => signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), name);

  test('a Fountain file dropped on the script list becomes a script with its elements, and says what it holds', async () => {
    const ann = await newWriter('Ann');
    const page = await ann.context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Your scripts' }).waitFor();
    await dropFile(page, 'Lighthouse.fountain', `Title: Lighthouse\n\n${SCENE}`);
    // Fails if a dropped file is ignored (no drop handler) or read as one action per line (parsed as plain text).
    await page.waitForURL(/\/scripts\/[^/]+$/);
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    expect(await pageElements(page)).toEqual(SCENE_ELEMENTS);
    await expect.poll(() => page.locator('.script-title').textContent()).toBe('Lighthouse');
    await expect.poll(() => page.getByRole('status', { name: 'Import report' }).textContent()).toContain('1 scene heading');
    await expectAccessible(page);
    expect(await page.locator('.ProseMirror p[data-element="action"] em').textContent()).toBe('sea');
  });

  test('pasting a Fountain scene makes its elements; a copy from a WritersRoom page keeps its own; plain prose stays action', async () => {
    const bea = await newWriter('Bea');
    const scriptId = await createScriptWith(bea, 'Paste');
    const page = await openEditor(bea, scriptId);
    await clickIntoPage(page);
    // Fails without the Fountain paste handler: ProseMirror pastes each line as an action.
    // Pasted into the new script's one empty action, the scene replaces it.
    await paste(page, { 'text/plain': SCENE });
    await expect.poll(() => pageElements(page)).toEqual(SCENE_ELEMENTS);
    await statusBecomes(page, 'Saved');
    const stored = await serverContent(bea, scriptId);
    expect(stored.map((block) => block.type)).toEqual(expect.arrayContaining(['scene_heading', 'character', 'parenthetical', 'dialogue', 'transition']));

    // Copied from a WritersRoom page: its HTML names each element, and wins over the plain text.
    // Fails if the empty element Enter made keeps its own type (ProseMirror's paste: a scene heading "CLOSE ON THE LAMP").
    const before = (await pageElements(page)).length;
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await paste(page, {
      'text/html': '<p data-element="shot">CLOSE ON THE LAMP</p><p data-element="action">It <strong>flickers</strong>.</p>',
      'text/plain': 'CLOSE ON THE LAMP\n\nIt flickers.',
    });
    await expect.poll(async () => (await pageElements(page)).slice(-2)).toEqual([
      { element: 'shot', text: 'CLOSE ON THE LAMP' },
      { element: 'action', text: 'It flickers.' },
    ]);
    expect(await page.locator('.ProseMirror p[data-element="action"] strong', { hasText: 'flickers' }).count()).toBe(1);

    // Plain prose: no screenplay in it, so it stays action (one line, or several).
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await paste(page, { 'text/plain': 'She waits. The boat does not come.\n\nNight falls.' });
    await expect.poll(async () => (await pageElements(page)).length).toBeGreaterThan(before + 2);
    expect((await pageElements(page)).slice(-2).map((element) => element.element)).toEqual(['action', 'action']);
  });

  test('“Import into this script” replaces the content as one edit that one Ctrl+Z takes back', async () => {
    const dee = await newWriter('Dee');
    const scriptId = await createScriptWith(dee, 'Replace me', [
      { type: 'scene_heading', text: 'EXT. PIER - DAY' },
      { type: 'action', text: 'Gulls.' },
    ]);
    const page = await openEditor(dee, scriptId);
    const original = await pageElements(page);
    await page.getByLabel('Import into this script…').setInputFiles({ name: 'Lighthouse.fountain', mimeType: 'text/plain', buffer: Buffer.from(SCENE) });
    await page.getByRole('alertdialog', { name: 'Replace the script?' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('alertdialog', { name: 'Replace the script?' }).getByRole('button', { name: 'Replace' }).click();
    await expect.poll(() => pageElements(page)).toEqual(SCENE_ELEMENTS);
    await statusBecomes(page, 'Saved');
    expect((await serverContent(dee, scriptId)).map((block) => block.text)).toEqual(SCENE_ELEMENTS.map((element) => element.text));
    // Fails if the replacement bypasses the writer's undo manager (written to the Yjs document under another origin, as a REST write is).
    await clickIntoPage(page);
    await page.keyboard.press('Control+z');
    await expect.poll(() => pageElements(page)).toEqual(original);
  });

  test('Export Fountain and Export FDX download files that become the same script again', async () => {
    const cy = await newWriter('Cy');
    const blocks: ContentBlock[] = [
      { type: 'scene_heading', text: 'INT. ATTIC - NIGHT', metadata: { sceneNumber: '7' } },
      { type: 'action', text: 'Dust everywhere.' },
      { type: 'character', text: 'MARA', metadata: { dualDialogue: 'left' } },
      { type: 'dialogue', text: 'Who is there?', metadata: { dualDialogue: 'left' } },
      { type: 'character', text: 'BEN', metadata: { dualDialogue: 'right' } },
      { type: 'dialogue', text: 'Only me.', metadata: { dualDialogue: 'right' } },
      { type: 'transition', text: 'FADE OUT.' },
    ];
    const scriptId = await createScriptWith(cy, 'Attic', blocks);
    const page = await openEditor(cy, scriptId);
    const original = await serverContent(cy, scriptId);
    for (const [label, extension] of [
      ['Fountain (.fountain)', 'fountain'],
      ['Final Draft (.fdx)', 'fdx'],
    ] as const) {
      await page.goto(`/scripts/${scriptId}`);
      await page.getByText('Export', { exact: true }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
      expect(download.suggestedFilename()).toBe(`Attic.${extension}`);
      const file = (await download.path())!;
      // Back through "New script from file…" on the list.
      await page.goto('/');
      await page.getByLabel('New script from file…').setInputFiles({ name: `Attic.${extension}`, mimeType: 'application/octet-stream', buffer: await readFile(file) });
      await page.waitForURL((url) => /\/scripts\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(scriptId));
      const copyId = new URL(page.url()).pathname.split('/').pop()!;
      // Fails if an export drops what its import reads back (scene numbers, dual dialogue) or the other way round.
      expect(await serverContent(cy, copyId), extension).toEqual(original);
    }
  });
});
