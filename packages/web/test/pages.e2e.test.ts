/**
 * The editor's pages in Chromium (packages/screenplay/PAGINATION.md): the
 * breaks, page numbers and (MORE)/(CONT'D) the engine gives, on sheets that
 * are exactly one page tall; the page count and the caret's page; go to
 * page; and printing (Ctrl/Cmd-P) gives those same pages, one per sheet.
 *
 * Each test names the breakage that fails it.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { pageText, pdfInfo, pagesText, popplerAvailable } from '../../server/test/support/poppler.js';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { editorPageStarts, enginePages, feature120, firstTextLine } from './support/script-pages.js';
import type { Page } from 'playwright-core';
import { clickIntoPage, createScriptWith, openEditor, serverContent, shareScript, signUpWriter } from './support/writers.js';

const SHEET_PX = 11 * 96;

/** The element the caret is in, and the caret's offset in its text. */
function caretPlace(page: Page): Promise<{ text: string; offset: number }> {
  return page.evaluate(() => {
    const selection = window.getSelection()!;
    const element = selection.anchorNode!.parentElement!.closest('p')!;
    const before = document.createRange();
    before.setStart(element, 0);
    before.setEnd(selection.anchorNode!, selection.anchorOffset);
    return { text: element.textContent ?? '', offset: before.toString().length };
  });
}

/** The first line of a page as pdftotext -layout prints it: not the page number, nor a repeated cue. */
function pdfFirstLine(text: string, contdOnPage: string | undefined): string {
  const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !/^\d+\.$/.test(line));
  return lines[0] === contdOnPage ? (lines[1] ?? '') : (lines[0] ?? '');
}

describe.skipIf(skipBrowserTests || !popplerAvailable)('the script’s pages in Chromium', () => {
  const suite = useBrowserSuite();
  const blocks = feature120();
  const engine = enginePages(blocks);

  test('the editor breaks the 120-page script where the engine does, on sheets exactly one Letter page tall, and counts its pages', async () => {
    const ada = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Ada');
    const scriptId = await createScriptWith(ada, 'Feature', blocks);
    const page = await openEditor(ada, scriptId);
    const pages = engine.pagination.pages;
    await page.locator('.page-break').nth(pages.length - 2).waitFor({ state: 'attached' });

    // Fails if the breaks are drawn at the wrong place (e.g. a speech's break at its cue: the page's text would start with the cue).
    const starts = await editorPageStarts(page);
    expect(starts).toHaveLength(pages.length - 1);
    starts.forEach((text, index) => expect(text.startsWith(firstTextLine(pages[index + 1]!)), `page ${index + 2}: ${text}`).toBe(true));
    const numbers = await page.locator('.page-break .page-number').allTextContents();
    expect(numbers).toEqual(pages.slice(1).map((_, index) => `${index + 2}.`));
    // (MORE) and the cue again where a speech is split, as decorations, never in the document.
    const splits = pages.filter((candidate) => candidate.lines.some((line) => line.kind === 'contd')).length;
    expect(splits).toBeGreaterThan(0);
    expect(await page.locator('.page-break .page-more').count()).toBe(splits);
    expect(await page.locator('.page-break .page-contd').count()).toBe(splits);
    expect((await serverContent(ada, scriptId)).filter((block) => /\(MORE\)/.test(block.text))).toEqual([]);

    // Every sheet is 11in: the browser wraps and spaces rows exactly as the engine counts them.
    // Fails if a column in pages.css is narrower than the engine's (dialogue 3.45in: 1072 and 1088 px sheets), or a blank row rule differs from [PG4].
    const tops = await page.locator('.page-top').evaluateAll((nodes) => nodes.map((node) => node.getBoundingClientRect().top));
    const gap = await page.locator('.page-gap').first().evaluate((node) => node.getBoundingClientRect().height);
    const heights = tops.slice(1).map((top, index) => Math.round(top - tops[index]! - gap));
    expect(new Set(heights)).toEqual(new Set([SHEET_PX]));
    await page.screenshot({ path: path.join(resultsDir, 'pages-editor.png') });

    await expect.poll(() => page.locator('.page-status').textContent()).toBe(`Page 1 of ${pages.length}`);

    // The PDF the server exports breaks at the same lines: its page i + 1 (after the title page) is the editor's page i.
    const pdf = await (await ada.context.request.get(`/api/scripts/${scriptId}/export?format=pdf`)).body();
    const printed = pagesText(pdf).slice(1);
    expect(printed).toHaveLength(pages.length);
    // Fails if the editor and the PDF lay out apart (a different engine option on either side, e.g. autoContd off in one).
    starts.forEach((text, index) => {
      const contd = pages[index + 1]!.lines.find((line) => line.kind === 'contd')?.text;
      expect(text.startsWith(pdfFirstLine(printed[index + 1]!, contd)), `page ${index + 2}`).toBe(true);
    });
  });

  test('go to page puts the caret on the page asked for, and the status follows the caret', async () => {
    const ben = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Ben');
    const scriptId = await createScriptWith(ben, 'Feature', blocks);
    const page = await openEditor(ben, scriptId);
    const count = engine.pagination.pages.length;
    await clickIntoPage(page, page.locator('.ProseMirror p').first());
    await page.keyboard.press('Control+Alt+KeyG');
    await page.getByLabel('Go to page').fill('60');
    await page.keyboard.press('Enter');
    // Fails if the jump lands a page early (the position before the page's first element is still the previous page).
    await expect.poll(() => page.locator('.page-status').textContent()).toBe(`Page 60 of ${count}`);
    const caretElement = await page.evaluate(() => window.getSelection()?.anchorNode?.parentElement?.closest('p')?.textContent ?? '');
    expect(caretElement).toContain(firstTextLine(engine.pagination.pages[59]!));
  });

  test('a collaborator’s edit above the caret moves the breaks, not the caret', async () => {
    const dee = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Dee');
    const eli = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Eli');
    const scriptId = await createScriptWith(dee, 'Feature', blocks);
    await shareScript(dee, scriptId, eli, 'editor');
    const deePage = await openEditor(dee, scriptId);
    const eliPage = await openEditor(eli, scriptId);
    const count = engine.pagination.pages.length;

    // Dee's caret in the middle of an element on page 60.
    await deePage.keyboard.press('Control+Alt+KeyG');
    await deePage.getByLabel('Go to page').fill('60');
    await deePage.keyboard.press('Enter');
    await deePage.keyboard.press('ArrowDown');
    await deePage.keyboard.press('End');
    const caretBefore = await caretPlace(deePage);

    // Eli adds a page and a half of action on page 2.
    await clickIntoPage(eliPage, eliPage.locator('.ProseMirror p[data-element="action"]').nth(3));
    await eliPage.keyboard.press('End');
    await eliPage.keyboard.press('Enter');
    await eliPage.keyboard.insertText('A long beat. '.repeat(400));
    await expect.poll(() => deePage.locator('.page-status').textContent(), { timeout: 10_000 }).not.toBe(`Page 60 of ${count}`);
    // Guards y-tiptap's relative caret under our widgets: redrawing every break widget on each update, on the caret's side (tried), still keeps it.
    expect(await caretPlace(deePage)).toEqual(caretBefore);
    const status = await deePage.locator('.page-status').textContent();
    expect(Number(/Page (\d+)/.exec(status ?? '')?.[1])).toBeGreaterThan(60);
    await deePage.keyboard.type('!');
    await expect.poll(async () => (await caretPlace(deePage)).text).toBe(`${caretBefore.text.slice(0, caretBefore.offset)}!${caretBefore.text.slice(caretBefore.offset)}`);
  });

  test('printing gives the same pages, one per sheet, without the app around them', async () => {
    const cy = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Cy');
    const scriptId = await createScriptWith(cy, 'Feature', blocks);
    const page = await openEditor(cy, scriptId);
    const pages = engine.pagination.pages;
    await page.locator('.page-break').nth(pages.length - 2).waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const printed = await page.pdf({ preferCSSPageSize: true, printBackground: true });

    // Fails if the gap between sheets prints (print.css not hiding .page-gap: 242 printed pages for 122).
    expect(pdfInfo(printed)['Pages']).toBe(String(pages.length));
    for (const number of [1, 2, 60, pages.length]) {
      const text = pageText(printed, number);
      const lines = text.split('\n').map((line) => line.trim()).filter((line) => line !== '');
      // The page's number (from page 2), then its text: nothing of the app (no "Saved", no panels).
      if (number > 1) expect(lines[0], `printed page ${number}`).toBe(`${number}.`);
      expect(lines.join(' '), `printed page ${number}`).toContain(firstTextLine(pages[number - 1]!));
      expect(text).not.toMatch(/Saved|Scenes|Share|All scripts/);
    }
  });
});
