import type { Page } from 'playwright-core';
import type { ContentBlock } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { SERVER_STOPPED } from './support/console-watch.js';
import { caretAtEndOf, createScriptWith, openEditor, pageElements, serverContent, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. NIGHT BUS - MOVING' },
  { type: 'action', text: 'The driver hums.' },
  { type: 'character', text: 'JUNO' },
  { type: 'dialogue', text: 'Last one?' },
];
const ACTION = 1;
const DIALOGUE = 3;

const textsOf = async (page: Page) => (await pageElements(page)).map((element) => element.text);
// Dialogue kept short enough not to wrap: the caret helper's End key goes to the end of a visual line.
const scene = (action: string, dialogue: string) => [SCENE[0]!.text, action, SCENE[2]!.text, dialogue];

/** Both pages show `texts`, and so does the server once both have saved. */
async function everyoneSees(pages: Page[], texts: string[], owner: Parameters<typeof serverContent>[0], scriptId: string): Promise<void> {
  for (const page of pages) await expect.poll(() => textsOf(page), { timeout: 20_000 }).toEqual(texts);
  for (const page of pages) await statusBecomes(page, 'Saved', 20_000);
  expect((await serverContent(owner, scriptId)).map((block) => block.text)).toEqual(texts);
}

/** One Ctrl-Z on the page takes back the writer's last stretch of typing, however the collaborator's keystrokes fell between its own. */
async function undoOnce(page: Page, undone: string[]): Promise<void> {
  await page.keyboard.press('Control+z');
  await expect.poll(() => textsOf(page), { timeout: 5_000 }).toEqual(undone);
}

/** Both type at once, each keystroke a few tens of milliseconds apart (well inside one undo step), so their keystrokes interleave. */
async function typeTogether(first: Page, firstText: string, second: Page, secondText: string): Promise<void> {
  await Promise.all([first.keyboard.type(firstText, { delay: 40 }), second.keyboard.type(secondText, { delay: 60 })]);
}

describe.skipIf(skipBrowserTests)('undo while writing together in Chromium', () => {
  const suite = useBrowserSuite();
  const newContext = () => suite.newContext({ width: 1100, height: 800 });

  test("Ctrl-Z undoes only the writer's own typing, never a collaborator's concurrent edit, before and after a reconnect", async () => {
    // Fails if undo is ProseMirror's history instead of the Yjs undo manager, if that manager tracks remote updates, if Ben's keystrokes split Ada's undo step (CollaborativeUndo left out), or if a reconnect drops her stack.
    const ada = await signUpWriter(await newContext(), 'Ada');
    const ben = await signUpWriter(await newContext(), 'Ben');
    const scriptId = await createScriptWith(ada, 'Last Bus', SCENE);
    await shareScript(ada, scriptId, ben, 'editor');
    const adaPage = await openEditor(ada, scriptId);
    const benPage = await openEditor(ben, scriptId);
    const pages = [adaPage, benPage];
    const [action, dialogue] = [SCENE[ACTION]!.text, SCENE[DIALOGUE]!.text];

    // Both type at once, each in their own element; Ben's text reaches Ada's page before she undoes.
    await caretAtEndOf(adaPage, ACTION);
    await caretAtEndOf(benPage, DIALOGUE);
    await typeTogether(adaPage, ' A bell rings.', benPage, ' Yes.');
    await everyoneSees(pages, scene(`${action} A bell rings.`, `${dialogue} Yes.`), ada, scriptId);
    await undoOnce(adaPage, scene(action, `${dialogue} Yes.`));
    // Nothing of Ada's is left to undo: more presses must not reach Ben's words.
    for (let press = 0; press < 3; press += 1) await adaPage.keyboard.press('Control+z');
    await everyoneSees(pages, scene(action, `${dialogue} Yes.`), ada, scriptId);

    // Ada types before the connection drops, Ben while it is down; after the reconnect her undo still takes back only her words.
    await caretAtEndOf(adaPage, ACTION);
    await adaPage.keyboard.type(' Brakes hiss.');
    await everyoneSees(pages, scene(`${action} Brakes hiss.`, `${dialogue} Yes.`), ada, scriptId);
    // The pages keep trying the stopped server; Chromium logs each refused connection.
    suite.allowConsole(SERVER_STOPPED);
    await suite.web.stop();
    for (const page of pages) await statusBecomes(page, 'Offline — changes are kept in this browser');
    await caretAtEndOf(benPage, DIALOGUE);
    await benPage.keyboard.type(' Wait.');
    await suite.web.start();
    await everyoneSees(pages, scene(`${action} Brakes hiss.`, `${dialogue} Yes. Wait.`), ada, scriptId);
    await undoOnce(adaPage, scene(action, `${dialogue} Yes. Wait.`));
    await everyoneSees(pages, scene(action, `${dialogue} Yes. Wait.`), ada, scriptId);

    // And typing after the reconnect, concurrent with Ben's, undoes the same way.
    await caretAtEndOf(adaPage, ACTION);
    await caretAtEndOf(benPage, DIALOGUE);
    await typeTogether(adaPage, ' Lights flicker.', benPage, ' Please.');
    await everyoneSees(pages, scene(`${action} Lights flicker.`, `${dialogue} Yes. Wait. Please.`), ada, scriptId);
    await undoOnce(adaPage, scene(action, `${dialogue} Yes. Wait. Please.`));
    await everyoneSees(pages, scene(action, `${dialogue} Yes. Wait. Please.`), ada, scriptId);
  }, 120_000);
});
