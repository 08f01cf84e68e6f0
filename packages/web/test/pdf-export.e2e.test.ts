/**
 * The PDF from the script page in Chromium: the Export menu downloads the
 * same pages REST and the operator's CLI give, named after the title, with
 * the title page a writer filled in on the page first; a viewer exports too.
 *
 * Each test names the breakage that fails it.
 */
import { readFile } from 'node:fs/promises';
import type { ContentBlock } from '@writersroom/screenplay';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { runCli } from '../../server/test/support/cli-runner.js';
import { pagesText, popplerAvailable, renderPage } from '../../server/test/support/poppler.js';
import { expectAccessible } from './support/accessibility.js';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { createScriptWith, openEditor, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. LIGHTHOUSE - NIGHT' },
  { type: 'action', text: 'The lamp turns. Somewhere below, the sea.' },
  { type: 'character', text: 'MARA' },
  { type: 'dialogue', text: 'Every night the same light, for nobody.' },
];

/** Clicks Export and one of its formats, auditing the page with the menu open; resolves with the downloaded file's name and bytes. */
async function exportFromPage(page: Page, format: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByText('Export', { exact: true }).click();
  await page.getByRole('list', { name: 'Export formats' }).waitFor();
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: format }).click()]);
  return { name: download.suggestedFilename(), bytes: await readFile((await download.path())!) };
}

describe.skipIf(skipBrowserTests || !popplerAvailable)('exporting the PDF from the script page in Chromium', () => {
  const suite = useBrowserSuite();

  test('the page, REST and the CLI give the same pages, with the title page set on the page first; a viewer exports too', async () => {
    const ann = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Ann');
    const vic = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Vic');
    const scriptId = await createScriptWith(ann, 'Lamp', SCENE);
    await shareScript(ann, scriptId, vic, 'viewer');
    const page = await openEditor(ann, scriptId);

    await page.getByRole('tab', { name: 'Title page' }).click();
    await page.getByLabel('Title', { exact: true }).fill('The Keeper');
    await page.getByLabel('Credit').fill('Written by');
    await page.getByLabel('Author(s)').fill('Ann Writer');
    await page.getByLabel('Draft date').fill('First draft');
    await statusBecomes(page, 'Saved');

    const fromPage = await exportFromPage(page, 'PDF (US Letter)');
    expect(fromPage.name).toBe('Lamp.pdf');
    const fromRest = await (await ann.context.request.get(`/api/scripts/${scriptId}/export?format=pdf`)).body();
    const cli = await runCli(['export', scriptId, '--format', 'pdf'], { location: suite.web.location });
    expect(cli.code, cli.stderr).toBe(0);

    const pages = pagesText(fromPage.bytes);
    // Fails if the Export menu links anywhere but the server's export (another layout, or the page's own print).
    expect(pagesText(fromRest)).toEqual(pages);
    expect(pagesText(cli.stdoutBytes)).toEqual(pages);
    // The title page the writer filled in on the page, then the script.
    // Fails if the title page form writes anywhere but the document's title page (the PDF would print the script's name).
    expect(pages[0]).toMatch(/THE KEEPER[\s\S]*Written by[\s\S]*Ann Writer[\s\S]*First draft/);
    expect(pages[1]).toContain('INT. LIGHTHOUSE - NIGHT');
    renderPage(fromPage.bytes, 1, 'exported-title-page');

    // A viewer has the same Export menu, and gets the same pages.
    const viewerPage = await openEditor(vic, scriptId, { editable: false });
    const fromViewer = await exportFromPage(viewerPage, 'PDF (A4)');
    expect(pagesText(fromViewer.bytes).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual(pages.map((text) => text.replace(/\s+/g, ' ').trim()));
  });
});
