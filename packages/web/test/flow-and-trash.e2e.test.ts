/**
 * The comforts around the page: a new script opens ready to type, a script
 * reopens with the caret where the writer left it, the list says how long
 * each script is and who is in it, and deleted scripts wait in the Trash to
 * be restored or deleted for good (with an export kept on the server).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { testConfig } from '../../server/test/support/test-server.js';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { caretAtEndOf, openEditor, pageElements, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

describe.skipIf(skipBrowserTests)('script flow and the Trash in Chromium', () => {
  const suite = useBrowserSuite();

  test('a new script opens ready to type, and reopens with the caret where the writer left it', async () => {
    const ann = await signUpWriter(await suite.newContext({ width: 1100, height: 800 }), 'Ann');
    const page = await ann.context.newPage();
    await page.goto('/');
    await page.getByLabel('Title', { exact: true }).fill('Night Shift');
    await page.getByRole('button', { name: 'Create script' }).click();
    // Seen failing (the list stayed) with the navigation after createScript taken out of script-list-page.tsx.
    await page.waitForURL(/\/scripts\/[^/]+$/);
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    // No click, no Tab: the page takes the focus by itself (a writer sees the caret blink, then types).
    await pageFocused(page);
    // Seen failing (nothing typed) with the focus call taken out of caret-memory.ts.
    await page.keyboard.type('Rain on the window.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('A phone rings.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Nobody answers it.');
    expect((await pageElements(page)).map((e) => e.text)).toEqual(['Rain on the window.', 'A phone rings.', 'Nobody answers it.']);

    // The middle of line 3, after "Nobody".
    await caretAtEndOf(page, 2);
    await page.keyboard.press('Home');
    for (let i = 0; i < 'Nobody'.length; i += 1) await page.keyboard.press('ArrowRight');
    await statusBecomes(page, 'Saved');
    await page.getByRole('link', { name: 'All scripts' }).click();
    await page.getByRole('list', { name: 'Scripts' }).getByRole('link', { name: 'Night Shift' }).click();
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await pageFocused(page);
    // Seen failing (" really" landed at the start of line 1) with the remembered position ignored in caret-memory.ts.
    await page.keyboard.type(' really');
    expect((await pageElements(page)).map((e) => e.text)).toEqual(['Rain on the window.', 'A phone rings.', 'Nobody really answers it.']);
    await statusBecomes(page, 'Saved');
  }, 90_000);

  test('the list shows pages and who is in a script; the Trash restores it or deletes it for good, naming the export', async () => {
    const cy = await signUpWriter(await suite.newContext({ width: 1100, height: 800 }), 'Cy');
    const dee = await signUpWriter(await suite.newContext({ width: 1100, height: 800 }), 'Dee');
    const created = await cy.context.request.post('/api/scripts', { data: { title: 'Day Shift' } });
    const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;
    await shareScript(cy, scriptId, dee, 'editor');
    const deesPage = await openEditor(dee, scriptId);
    await deesPage.keyboard.type('Sun through the blinds.');
    await statusBecomes(deesPage, 'Saved');
    // A named draft is a checkpoint: the list's page count is that of the newest one.
    expect((await cy.context.request.post(`/api/scripts/${scriptId}/history`, { data: { name: 'First pass' } })).status()).toBe(201);

    const page = await cy.context.newPage();
    await page.goto('/');
    const row = page.getByRole('list', { name: 'Scripts' }).getByRole('listitem').filter({ hasText: 'Day Shift' });
    // Seen failing ("— pages", nobody) with the page-count subquery and the present writers left out of GET /api/scripts.
    await row.getByText('1 page', { exact: true }).waitFor();
    await row.getByText('Dee here now').waitFor();
    await page.screenshot({ path: path.join(resultsDir, 'script-list-facts.png'), fullPage: true });

    await row.getByRole('button', { name: 'Delete Day Shift' }).click();
    await page.getByRole('button', { name: 'Delete Day Shift now' }).click();
    await row.waitFor({ state: 'detached' });
    // Dee's page is told the script is gone (its socket closed with 4004).
    await deesPage.getByText('This script was deleted').waitFor();

    await page.getByRole('link', { name: 'Trash' }).click();
    const trash = page.getByRole('list', { name: 'Deleted scripts' });
    await trash.getByText('Day Shift').waitFor();
    await page.screenshot({ path: path.join(resultsDir, 'trash.png'), fullPage: true });
    await page.getByRole('button', { name: 'Restore Day Shift' }).click();
    await page.getByText('Day Shift is back in your scripts.').waitFor();
    await page.getByRole('link', { name: 'All scripts' }).click();
    await row.waitFor();

    await row.getByRole('button', { name: 'Delete Day Shift' }).click();
    await page.getByRole('button', { name: 'Delete Day Shift now' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Trash' }).click();
    await page.getByRole('button', { name: 'Delete Day Shift forever' }).click();
    await page.getByRole('button', { name: 'Delete Day Shift forever now' }).click();
    const done = page.getByRole('status').filter({ hasText: 'deleted for good' });
    await done.waitFor();
    const exportFile = /as (writersroom-yjs-\S+\.json);/.exec((await done.textContent()) ?? '')?.[1];
    expect(exportFile).toContain(scriptId);
    expect(existsSync(path.join(testConfig().deletedScriptsDir, exportFile!))).toBe(true);
    await page.getByText('The Trash is empty.').waitFor();
    await page.screenshot({ path: path.join(resultsDir, 'trash-deleted-for-good.png'), fullPage: true });
    expect((await cy.context.request.get(`/api/scripts/${scriptId}`)).status()).toBe(404);
  }, 90_000);
});

/** The page holds the keyboard focus: the caret is in the script. */
async function pageFocused(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.classList.contains('ProseMirror') === true);
}
