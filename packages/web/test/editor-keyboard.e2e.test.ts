import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickIntoPage, PASSWORD, statusBecomes } from './support/writers.js';

/** Each element on the page as [element type, text]. */
async function pageElements(page: Page): Promise<Array<[string, string]>> {
  return page
    .locator('.ProseMirror p[data-element]')
    .evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-element') ?? '', node.textContent ?? ''] as [string, string]));
}

/** Signs up in the page, creates a script, opens it and waits until it is editable; returns the script's id. */
async function openNewScript(page: Page, email: string, title: string): Promise<string> {
  await page.goto('/signup');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Your scripts' }).waitFor();
  await page.getByLabel('Title', { exact: true }).fill(title);
  // The new script opens at once.
  await page.getByRole('button', { name: 'Create script' }).click();
  await page.waitForURL(/\/scripts\/[^/]+$/);
  await page.locator('.ProseMirror[contenteditable="true"]').waitFor();
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

describe.skipIf(skipBrowserTests)('writing a scene from the keyboard in Chromium', () => {
  const suite = useBrowserSuite();
  const newPage = async () => (await suite.newContext({ width: 1100, height: 900 })).newPage();
  const suggestions = (page: Page) => page.getByRole('listbox', { name: 'Suggestions' });

  test('Enter, Tab, INT., type-ahead, the element menu and Ctrl+B write a formatted scene that the server stores as typed', async () => {
    const page = await newPage();
    const scriptId = await openNewScript(page, 'dana@example.com', 'Kitchen Rain');

    const keyboard = page.keyboard;
    const elementMenu = page.getByRole('combobox', { name: 'Element' });
    const suggestion = (name: string) => suggestions(page).getByRole('option', { name });
    await clickIntoPage(page);

    // "int. " at the start of an action makes a scene heading; its text is stored in capitals.
    await keyboard.type('int. kitchen - night');
    await expect.poll(() => elementMenu.inputValue()).toBe('sceneHeading');
    await keyboard.press('Enter');
    await keyboard.type('Rain hammers the window.');
    // Enter after action is action; Tab on the empty action makes a character; Enter after it is dialogue.
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('maria');
    await keyboard.press('Enter');
    await keyboard.type('Where were you?');
    // Enter after dialogue is action, Tab makes it the next character; Tab on the empty dialogue makes a parenthetical.
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('tom');
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('(quietly)');
    await keyboard.press('Enter');
    await keyboard.type('Out.');
    await keyboard.press('Enter');
    await keyboard.press('Tab');

    // Type-ahead: MARIA is already in the script; Tab accepts the highlighted name.
    await keyboard.type('ma');
    await expect.poll(() => suggestion('MARIA').getAttribute('aria-selected')).toBe('true');
    await keyboard.press('Tab');
    await suggestions(page).waitFor({ state: 'hidden' });
    await keyboard.press('Enter');
    await keyboard.type('Liar.');

    // Shift-Tab on the empty action gives a transition; Enter after it a scene heading.
    await keyboard.press('Enter');
    await keyboard.press('Shift+Tab');
    await keyboard.type('cut to:');
    await keyboard.press('Enter');
    // Locations type ahead after the prefix; Enter accepts.
    await keyboard.type('int. k');
    await suggestion('KITCHEN').waitFor();
    await keyboard.press('Enter');
    await keyboard.type(' - later');
    await keyboard.press('Enter');

    // Ctrl+B (Cmd+B on a Mac) around one word.
    await keyboard.type('The door ');
    await keyboard.press('ControlOrMeta+b');
    await keyboard.type('slams');
    await keyboard.press('ControlOrMeta+b');
    await keyboard.type('.');
    await expect.poll(() => page.locator('.ProseMirror p[data-element="action"] strong').allTextContents()).toEqual(['slams']);
    await expect.poll(() => page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('false');

    // The element menu retypes the element the cursor is in, capitals included.
    await keyboard.press('Enter');
    await keyboard.type('fade out.');
    await expect.poll(() => elementMenu.inputValue()).toBe('action');
    await elementMenu.selectOption({ label: 'Transition — Shift-Tab from an action' });

    const expected: Array<[string, string]> = [
      ['sceneHeading', 'INT. KITCHEN - NIGHT'],
      ['action', 'Rain hammers the window.'],
      ['character', 'MARIA'],
      ['dialogue', 'Where were you?'],
      ['character', 'TOM'],
      ['parenthetical', '(quietly)'],
      ['dialogue', 'Out.'],
      ['character', 'MARIA'],
      ['dialogue', 'Liar.'],
      ['transition', 'CUT TO:'],
      ['sceneHeading', 'INT. KITCHEN - LATER'],
      ['action', 'The door slams.'],
      ['transition', 'FADE OUT.'],
    ];
    await expect.poll(() => pageElements(page), { timeout: 10_000 }).toEqual(expected);
    // The menu followed the retype and the focus went back to the page.
    expect(await elementMenu.inputValue()).toBe('transition');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('ProseMirror'))).toBe(true);

    // The Bold button shows the mark under the cursor.
    await page.locator('.ProseMirror strong').click();
    await expect.poll(() => page.getByRole('button', { name: 'Bold' }).getAttribute('aria-pressed')).toBe('true');

    await statusBecomes(page, 'Saved');
    await page.screenshot({ path: path.join(resultsDir, 'editor-keyboard.png'), fullPage: true });

    // The server's copy holds the same elements and the same capitals (content_blocks carry no marks).
    const response = await page.request.get(`/api/scripts/${scriptId}/content`);
    expect(response.status()).toBe(200);
    const { contentBlocks } = (await response.json()) as { contentBlocks: Array<{ type: string; text: string }> };
    const blockType = (element: string) => element.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    expect(contentBlocks.map((block) => [block.type, block.text])).toEqual(expected.map(([element, text]) => [blockType(element), text]));
  }, 120_000);

  test('the ways out: Backspace undoes INT., Enter leaves an empty element, Escape drops suggestions, arrows pick another, Escape then Tab leaves the page', async () => {
    const page = await newPage();
    await openNewScript(page, 'eli@example.com', 'Ways Out');
    const keyboard = page.keyboard;
    await clickIntoPage(page);

    // Backspace straight after the conversion gives the action back, as typed.
    await keyboard.type('Int. ');
    await expect.poll(() => pageElements(page)).toEqual([['sceneHeading', 'INT. ']]);
    await keyboard.press('Backspace');
    await expect.poll(() => pageElements(page)).toEqual([['action', 'Int. ']]);
    await keyboard.type('is short for interior.');

    // Enter on an empty character turns it back into action instead of adding a line.
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.press('Enter');
    await expect.poll(async () => (await pageElements(page)).slice(1)).toEqual([['action', '']]);
    await keyboard.press('Tab');
    await keyboard.type('ann');
    await keyboard.press('Enter');
    await keyboard.type('Hi.');

    // Escape dismisses the suggestion; Enter then keeps what was typed.
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('a');
    await suggestions(page).getByRole('option', { name: 'ANN' }).waitFor();
    await keyboard.press('Escape');
    await suggestions(page).waitFor({ state: 'detached' });
    await keyboard.type('nna');
    await keyboard.press('Enter');
    await keyboard.type('Hello.');

    // Equally used names: the most recent first; ArrowDown highlights the next one and Enter takes it.
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('an');
    const options = suggestions(page).getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual(['ANNA', 'ANN']);
    await keyboard.press('ArrowDown');
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('.ProseMirror').getAttribute('aria-activedescendant')).toBe(await options.nth(1).getAttribute('id'));
    await keyboard.press('Enter');

    await expect.poll(() => pageElements(page)).toEqual([
      ['action', 'Int. is short for interior.'],
      ['character', 'ANN'],
      ['dialogue', 'Hi.'],
      ['character', 'ANNA'],
      ['dialogue', 'Hello.'],
      ['character', 'ANN'],
    ]);

    // ANN is a prefix of ANNA, which is still offered: the first Escape closes the list.
    await suggestions(page).getByRole('option', { name: 'ANNA' }).waitFor();
    await keyboard.press('Escape');
    await suggestions(page).waitFor({ state: 'detached' });
    // Tab is the element key, so an Escape first lets Shift-Tab leave the page for the toolbar before it.
    await keyboard.press('Escape');
    await keyboard.press('Shift+Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Underline');
    expect((await pageElements(page)).at(-1)).toEqual(['character', 'ANN']);
  }, 90_000);

  test('capitals touch only what this writer types: text that arrives from elsewhere keeps its case', async () => {
    const page = await newPage();
    const scriptId = await openNewScript(page, 'fay@example.com', 'Other Hands');
    // Another client (here the REST API, through the server's document) writes a lower-case character.
    const replaced = await page.request.put(`/api/scripts/${scriptId}/content`, {
      data: { contentBlocks: [{ type: 'character', text: 'maria (v.o.)' }, { type: 'dialogue', text: 'Hello?' }] },
    });
    expect(replaced.status()).toBe(200);
    await expect.poll(() => pageElements(page), { timeout: 10_000 }).toEqual([
      ['character', 'maria (v.o.)'],
      ['dialogue', 'Hello?'],
    ]);

    await page.locator('.ProseMirror p[data-element="character"]').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' again');
    // Undo takes the typed word away whole: the capitals went into the same change as the keystrokes.
    await expect.poll(() => pageElements(page)).toContainEqual(['character', 'maria (v.o.) AGAIN']);
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => pageElements(page)).toContainEqual(['character', 'maria (v.o.)']);
    await page.keyboard.type(' again');
    await page.locator('.ProseMirror p[data-element="dialogue"]').click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Anyone?');

    const expected = [
      ['character', 'maria (v.o.) AGAIN'],
      ['dialogue', 'Hello? Anyone?'],
    ];
    await expect.poll(() => pageElements(page)).toEqual(expected);
    await statusBecomes(page, 'Saved');
    const response = await page.request.get(`/api/scripts/${scriptId}/content`);
    const { contentBlocks } = (await response.json()) as { contentBlocks: Array<{ type: string; text: string }> };
    expect(contentBlocks.map((block) => [block.type, block.text])).toEqual(expected);
  }, 90_000);

  test('( at the start of a dialogue makes a parenthetical whose parentheses the page prints, not the script; Ctrl+Z takes the retype back alone', async () => {
    const page = await newPage();
    const scriptId = await openNewScript(page, 'gil@example.com', 'Asides');
    const keyboard = page.keyboard;
    await clickIntoPage(page);

    // Typed at full speed, so Yjs would merge all of it into one undo step unless the retype stands alone.
    await keyboard.press('Tab');
    await keyboard.type('maria');
    await keyboard.press('Enter');
    await keyboard.type('(');
    await expect.poll(() => pageElements(page)).toEqual([
      ['character', 'MARIA'],
      ['parenthetical', ''],
    ]);
    // Broken on purpose once: without stopCapturing() before the retype, this Ctrl+Z also took back the cue and the Enter.
    await keyboard.press('ControlOrMeta+z');
    await expect.poll(() => pageElements(page)).toEqual([
      ['character', 'MARIA'],
      ['dialogue', ''],
    ]);

    // ) closes what the page opens, so it is not stored; the page prints both parentheses.
    await keyboard.type('(quietly)');
    await expect.poll(() => pageElements(page)).toEqual([
      ['character', 'MARIA'],
      ['parenthetical', 'quietly'],
    ]);
    const parenthetical = page.locator('.ProseMirror p[data-element="parenthetical"]');
    expect(await parenthetical.evaluate((node) => [getComputedStyle(node, '::before').content, getComputedStyle(node, '::after').content])).toEqual(['"("', '")"']);
    // Broken on purpose once: without stopCapturing() after the retype, this Ctrl+Z took back the words and the retype together.
    await keyboard.press('ControlOrMeta+z');
    await expect.poll(() => pageElements(page)).toEqual([
      ['character', 'MARIA'],
      ['parenthetical', ''],
    ]);
    await keyboard.type('quietly)');
    await keyboard.press('Enter');
    await keyboard.type('Not here.');

    // On a dialogue that already has text, ( at its start makes the whole line a parenthetical, as Final Draft does.
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('tom');
    await keyboard.press('Enter');
    await keyboard.type('beat');
    await keyboard.press('Home');
    await keyboard.type('(');

    const expected: Array<[string, string]> = [
      ['character', 'MARIA'],
      ['parenthetical', 'quietly'],
      ['dialogue', 'Not here.'],
      ['character', 'TOM'],
      ['parenthetical', 'beat'],
    ];
    await expect.poll(() => pageElements(page)).toEqual(expected);
    await statusBecomes(page, 'Saved');
    // The server's live document holds no parenthesis the writer typed.
    const response = await page.request.get(`/api/scripts/${scriptId}/content`);
    const { contentBlocks } = (await response.json()) as { contentBlocks: Array<{ type: string; text: string }> };
    expect(contentBlocks.map((block) => [block.type, block.text])).toEqual(expected.map(([element, text]) => [element, text]));
  }, 90_000);

  test('on an empty cue or heading Tab and Enter keep their meaning though the script has names and places; after a letter Tab takes a name', async () => {
    const page = await newPage();
    await openNewScript(page, 'hal@example.com', 'Empty Cues');
    const keyboard = page.keyboard;
    await clickIntoPage(page);
    await keyboard.type('int. kitchen - night');
    await keyboard.press('Enter');
    await keyboard.press('Tab');
    await keyboard.type('maria');
    await keyboard.press('Enter');
    await keyboard.type('Hi.');
    await keyboard.press('Enter');
    const last = async () => (await pageElements(page)).at(-1);

    await keyboard.press('Tab');
    await expect.poll(last).toEqual(['character', '']);
    // Broken on purpose once: with typeAheadContextAt offering names on an empty cue, this Tab took MARIA.
    await keyboard.press('Tab');
    await expect.poll(last).toEqual(['dialogue', '']);
    await keyboard.press('Shift+Tab');
    await expect.poll(last).toEqual(['character', '']);
    await keyboard.press('Enter');
    await expect.poll(last).toEqual(['action', '']);
    expect(await suggestions(page).count()).toBe(0);

    // A heading with its prefix and no location yet: Enter goes on to action, KITCHEN is not taken.
    // (Broken on purpose once: a location context on "INT. " with nothing after it made this Enter take KITCHEN.)
    await keyboard.type('int. ');
    await expect.poll(last).toEqual(['sceneHeading', 'INT. ']);
    await keyboard.press('Enter');
    await expect.poll(async () => (await pageElements(page)).slice(-2)).toEqual([
      ['sceneHeading', 'INT. '],
      ['action', ''],
    ]);

    // One letter typed: now Tab accepts the highlighted name, as before.
    await keyboard.press('Tab');
    await keyboard.type('m');
    await expect.poll(() => suggestions(page).getByRole('option', { name: 'MARIA' }).getAttribute('aria-selected')).toBe('true');
    await keyboard.press('Tab');
    await expect.poll(last).toEqual(['character', 'MARIA']);
    await keyboard.press('Enter');
    await expect.poll(last).toEqual(['dialogue', '']);
  }, 90_000);

  test('Tab over a selection retypes every element it touches, as the element menu does', async () => {
    const page = await newPage();
    await openNewScript(page, 'erin@example.com', 'Two Lines');
    await clickIntoPage(page);
    await page.keyboard.type('first line');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second line');
    await expect.poll(() => pageElements(page)).toEqual([
      ['action', 'first line'],
      ['action', 'second line'],
    ]);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Tab');
    await expect.poll(() => pageElements(page)).toEqual([
      ['character', 'FIRST LINE'],
      ['character', 'SECOND LINE'],
    ]);
  }, 60_000);
});
