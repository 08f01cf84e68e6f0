import path from 'node:path';
import type { Page } from 'playwright-core';
import type { ContentBlock } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { KEYBOARD_KEYS } from '../src/ui/keyboard-keys.js';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { caretAtEndOf, clickIntoPage, createScriptWith, openEditor, pageElements, serverContent, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const DINER: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. DINER - NIGHT' },
  { type: 'action', text: 'Juno slides into the booth.' },
  { type: 'character', text: 'JUNO' },
  { type: 'dialogue', text: 'Coffee. Juno always wants coffee.' },
  { type: 'action', text: 'The waitress pours. JUNOS is on her name tag.' },
  // A new scene, so the page adds no (CONT'D) to the next cue.
  { type: 'scene_heading', text: 'EXT. PARKING LOT - NIGHT' },
  { type: 'character', text: 'JUNO (V.O.)' },
  { type: 'dialogue', text: 'Not tonight.' },
];
const texts = (blocks: readonly ContentBlock[]) => blocks.map((block) => block.text);
const RENAMED = texts(DINER).map((text) => text.replace(/^JUNO\b/, 'WREN'));
const textsOn = async (page: Page) => (await pageElements(page)).map((element) => element.text);

/** The computed colour of `property` on the first element `selector` finds, as rgb(). */
const colourOf = (page: Page, selector: string, property: 'color' | 'background-color') =>
  page.locator(selector).first().evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);

describe.skipIf(skipBrowserTests)('find and replace, dark mode, focus mode and the keys in Chromium', () => {
  const suite = useBrowserSuite();
  const newContext = () => suite.newContext({ width: 1280, height: 860 });

  test('renaming a character in cues only leaves the name in action and dialogue, reaches a collaborator live and one Ctrl-Z takes it back', async () => {
    // Fails if the "In" filter is ignored (the action and dialogue would change too), if Replace all dispatches
    // match by match (one Ctrl-Z would take back only the last cue), or if the change is not sent through Yjs.
    const ada = await signUpWriter(await newContext(), 'Ada');
    const ben = await signUpWriter(await newContext(), 'Ben');
    const cara = await signUpWriter(await newContext(), 'Cara');
    const scriptId = await createScriptWith(ada, 'Diner', DINER);
    await shareScript(ada, scriptId, ben, 'editor');
    await shareScript(ada, scriptId, cara, 'viewer');
    const adaPage = await openEditor(ada, scriptId);
    const benPage = await openEditor(ben, scriptId);

    await clickIntoPage(adaPage);
    await adaPage.keyboard.press('Control+Alt+f');
    const panel = adaPage.getByRole('search', { name: 'Find and replace' });
    await expect.poll(() => adaPage.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Find');
    await adaPage.keyboard.type('juno');
    // Case ignored, every element: the cues, the action, the dialogue, and JUNOS.
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/ of 5$/);
    await panel.getByLabel('Whole word').check();
    await expect.poll(() => panel.getByRole('status').textContent()).toMatch(/ of 4$/);
    await panel.getByLabel('In', { exact: true }).selectOption('character');
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('1 of 2');
    expect(await adaPage.locator('.ProseMirror .find-match').count()).toBe(2);

    // A lower-case name in a cue is stored in capitals, as if typed there.
    await panel.getByLabel('Replace with').fill('Wren');
    await adaPage.screenshot({ path: path.join(resultsDir, 'find-replace.png') });
    await panel.getByRole('button', { name: 'Replace all' }).click();
    await expect.poll(() => panel.getByRole('status').textContent()).toBe('Replaced 2');
    for (const page of [adaPage, benPage]) await expect.poll(() => textsOn(page), { timeout: 15_000 }).toEqual(RENAMED);
    await statusBecomes(adaPage, 'Saved');
    expect(texts(await serverContent(ada, scriptId))).toEqual(RENAMED);

    // Escape closes the panel and puts the caret back in the page, where one Ctrl-Z undoes the whole rename.
    await adaPage.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await adaPage.locator('.find-match').count()).toBe(0);
    await adaPage.keyboard.press('Control+z');
    for (const page of [adaPage, benPage]) await expect.poll(() => textsOn(page), { timeout: 15_000 }).toEqual(texts(DINER));
    await statusBecomes(adaPage, 'Saved');
    expect(texts(await serverContent(ada, scriptId))).toEqual(texts(DINER));

    // A viewer finds, and is offered no replacing.
    const caraPage = await openEditor(cara, scriptId, { editable: false });
    await caraPage.locator('.ProseMirror').click();
    await caraPage.keyboard.press('Control+Alt+f');
    const caraPanel = caraPage.getByRole('search', { name: 'Find and replace' });
    await caraPage.keyboard.type('coffee');
    await expect.poll(() => caraPanel.getByRole('status').textContent()).toBe('1 of 2');
    await caraPanel.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => caraPanel.getByRole('status').textContent()).toBe('2 of 2');
    expect(await caraPanel.getByLabel('Replace with').count()).toBe(0);
    expect(await caraPanel.getByRole('button', { name: /Replace/ }).count()).toBe(0);
  }, 90_000);

  test('dark mode follows the system unless chosen, is kept for the next visit, and the sheet stays paper', async () => {
    // Fails if the sheet is not pinned to the light scheme (its ink would turn light on white), or if the choice is not kept.
    const dana = await signUpWriter(await newContext(), 'Dana');
    const scriptId = await createScriptWith(dana, 'Night Shift', DINER);
    const page = await openEditor(dana, scriptId);
    const light = { desk: 'rgb(251, 250, 247)', sheet: 'rgb(255, 255, 255)', ink: 'rgb(31, 35, 40)' };

    expect(await colourOf(page, 'body', 'background-color')).toBe('rgba(0, 0, 0, 0)');
    expect(await colourOf(page, ':root', 'background-color')).toBe(light.desk);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await colourOf(page, ':root', 'background-color')).toBe('rgb(23, 25, 28)');
    await page.getByLabel('Theme').selectOption('light');
    expect(await colourOf(page, ':root', 'background-color')).toBe(light.desk);

    await page.getByLabel('Theme').selectOption('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await page.locator('.screenplay-page[data-synced="true"]').waitFor();
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await colourOf(page, ':root', 'background-color')).toBe('rgb(23, 25, 28)');
    expect(await colourOf(page, '.bar', 'background-color')).toBe('rgb(34, 37, 42)');
    expect(await colourOf(page, '.screenplay-page', 'background-color')).toBe(light.sheet);
    expect(await colourOf(page, '.ProseMirror.screenplay', 'color')).toBe(light.ink);
    await page.screenshot({ path: path.join(resultsDir, 'dark-mode.png') });
  }, 60_000);

  test('focus mode hides everything but the page, and Escape brings it back', async () => {
    // Fails if the focus-mode rule in styles.css is left out (the bar and the panels stay), or if Escape is not handled.
    const eli = await signUpWriter(await newContext(), 'Eli');
    const scriptId = await createScriptWith(eli, 'Quiet', DINER);
    const page = await openEditor(eli, scriptId);
    const chrome = ['.bar', '.title-row', '.editor-bar', '.script-panels', '.element-toolbar'];
    const visible = async (selectors: string[]) => Promise.all(selectors.map((selector) => page.locator(selector).first().isVisible()));

    expect(await visible(chrome)).toEqual(chrome.map(() => true));
    await caretAtEndOf(page, 1);
    await page.keyboard.press('Control+Shift+f');
    await expect.poll(() => visible(chrome)).toEqual(chrome.map(() => false));
    expect(await page.locator('.screenplay-page').isVisible()).toBe(true);
    // Still writing: the caret stayed in the page.
    await page.keyboard.type(' Rain.');
    await expect.poll(async () => (await textsOn(page))[1]).toBe(`${DINER[1]!.text} Rain.`);
    await page.screenshot({ path: path.join(resultsDir, 'focus-mode.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => visible(chrome)).toEqual(chrome.map(() => true));

    await page.getByRole('button', { name: 'Focus mode' }).click();
    await expect.poll(() => visible(chrome)).toEqual(chrome.map(() => false));
    await page.getByRole('button', { name: 'Leave focus mode' }).click();
    await expect.poll(() => visible(chrome)).toEqual(chrome.map(() => true));
  }, 60_000);

  test('? outside the page opens the list of keys, Escape closes it and the focus goes back; in the page ? is text', async () => {
    // Fails if ? is taken in the page's text (the writer could not type a question), or if the list and the README disagree in count.
    const fay = await signUpWriter(await newContext(), 'Fay');
    const scriptId = await createScriptWith(fay, 'Questions', DINER);
    const page = await openEditor(fay, scriptId);
    const dialog = page.getByRole('dialog', { name: 'Keyboard keys' });

    const share = page.getByRole('button', { name: 'Share' });
    await share.focus();
    await page.keyboard.press('?');
    await dialog.waitFor();
    expect(await dialog.locator('tbody tr').count()).toBe(KEYBOARD_KEYS.length);
    expect(await dialog.getByRole('rowheader', { name: 'Ctrl/Cmd-F', exact: true }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await share.evaluate((element) => element === document.activeElement)).toBe(true);

    await clickIntoPage(page, page.locator('.ProseMirror p[data-element]').nth(7));
    await page.keyboard.press('End');
    await page.keyboard.type('?');
    await expect.poll(async () => (await textsOn(page))[7]).toBe('Not tonight.?');
    expect(await dialog.isVisible()).toBe(false);
    await page.keyboard.press('Control+/');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);
  }, 60_000);
});
