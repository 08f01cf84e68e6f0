import type { ContentBlock } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { SERVER_STOPPED } from './support/console-watch.js';
import { caretAtEndOf, createScriptWith, openEditor, pageElements, serverContent, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'EXT. PIER - DAWN' },
  { type: 'action', text: 'Gulls.' },
];
const OFFLINE = 'Offline — changes are kept in this browser';

const textsOf = async (page: Parameters<typeof pageElements>[0]) => (await pageElements(page)).map((element) => element.text);

describe.skipIf(skipBrowserTests)('writing through a server outage in Chromium', () => {
  const suite = useBrowserSuite();
  const newContext = () => suite.newContext({ width: 1100, height: 800 });

  test('edits typed while the server is down reach the server and the other writer when it is back', async () => {
    const ada = await signUpWriter(await newContext(), 'Ada');
    const ben = await signUpWriter(await newContext(), 'Ben');
    const scriptId = await createScriptWith(ada, 'Pier', SCENE);
    await shareScript(ada, scriptId, ben, 'editor');
    const adaPage = await openEditor(ada, scriptId);
    const benPage = await openEditor(ben, scriptId);

    // The pages keep trying the stopped server; Chromium logs each refused connection.
    suite.allowConsole(SERVER_STOPPED);
    await suite.web.stop();
    await statusBecomes(adaPage, OFFLINE);
    await statusBecomes(benPage, OFFLINE);
    // Still a page to write on: the editor stays editable offline.
    await adaPage.locator('.ProseMirror[contenteditable="true"]').waitFor();
    await caretAtEndOf(adaPage, 1);
    await adaPage.keyboard.type(' A ferry horn.');
    await caretAtEndOf(benPage, 0);
    await benPage.keyboard.type(' (RAIN)');
    expect(await textsOf(benPage)).toEqual(['EXT. PIER - DAWN (RAIN)', 'Gulls.']);

    await suite.web.start();
    const expected = ['EXT. PIER - DAWN (RAIN)', 'Gulls. A ferry horn.'];
    for (const page of [adaPage, benPage]) {
      await expect.poll(() => textsOf(page), { timeout: 20_000 }).toEqual(expected);
      await statusBecomes(page, 'Saved', 20_000);
    }
    expect((await serverContent(ada, scriptId)).map((block) => block.text)).toEqual(expected);
  }, 90_000);

  test('edits typed offline survive closing the tab, and are sent when the script is opened again', async () => {
    const ada = await signUpWriter(await newContext(), 'Ada2');
    const ben = await signUpWriter(await newContext(), 'Ben2');
    const scriptId = await createScriptWith(ada, 'Pier, again', SCENE);
    await shareScript(ada, scriptId, ben, 'editor');
    const adaPage = await openEditor(ada, scriptId);
    const benPage = await openEditor(ben, scriptId);

    // The pages keep trying the stopped server; Chromium logs each refused connection.
    suite.allowConsole(SERVER_STOPPED);
    await suite.web.stop();
    await statusBecomes(adaPage, OFFLINE);
    await caretAtEndOf(adaPage, 1);
    await adaPage.keyboard.type(' Nobody comes.');
    // The browser copy is written as the writer types; give IndexedDB's transaction a moment to commit before the tab goes.
    await adaPage.waitForTimeout(300);
    await adaPage.close();

    await suite.web.start();
    await statusBecomes(benPage, 'Saved', 20_000);
    expect(await textsOf(benPage)).toEqual(['EXT. PIER - DAWN', 'Gulls.']);

    const reopened = await openEditor(ada, scriptId);
    const expected = ['EXT. PIER - DAWN', 'Gulls. Nobody comes.'];
    await expect.poll(() => textsOf(reopened), { timeout: 10_000 }).toEqual(expected);
    await statusBecomes(reopened, 'Saved');
    await expect.poll(() => textsOf(benPage), { timeout: 10_000 }).toEqual(expected);
    expect((await serverContent(ben, scriptId)).map((block) => block.text)).toEqual(expected);
  }, 90_000);
});
