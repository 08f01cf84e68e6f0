import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ContentBlock } from '@writersroom/screenplay';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import { runCli } from '../../server/test/support/cli-runner.js';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { SERVER_STOPPED } from './support/console-watch.js';
import { caretAtEndOf, createScriptWith, openEditor, pageElements, serverContent, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. VAULT - NIGHT' },
  { type: 'action', text: 'The door swings shut.' },
];

const textsOf = async (page: Page) => (await pageElements(page)).map((element) => element.text);

/** The IndexedDB copies this page's origin holds for one script (one database per document generation). */
const copiesOf = (page: Page, scriptId: string) =>
  page.evaluate(async (id) => (await indexedDB.databases()).map((db) => db.name ?? '').filter((name) => name.includes(`/${id}/`)), scriptId);

describe.skipIf(skipBrowserTests)('a script whose document an operator replaced, in Chromium', () => {
  const suite = useBrowserSuite();
  const newContext = () => suite.newContext({ width: 1100, height: 800 });
  const operatorDir = mkdtempSync(path.join(tmpdir(), 'wr-operator-'));
  afterAll(() => rmSync(operatorDir, { recursive: true, force: true }));

  test('browsers drop their copies of the old document instead of merging them into the new one', async () => {
    const ada = await signUpWriter(await newContext(), 'Ada');
    const ben = await signUpWriter(await newContext(), 'Ben');
    const scriptId = await createScriptWith(ada, 'Vault', SCENE);
    await shareScript(ada, scriptId, ben, 'editor');

    // Ben has had the script open once: his browser keeps a copy of this document.
    const benFirst = await openEditor(ben, scriptId);
    await statusBecomes(benFirst, 'Saved');
    expect(await copiesOf(benFirst, scriptId)).toHaveLength(1);
    await benFirst.close();

    // Ada types, and keeps her page open through what follows.
    const adaPage = await openEditor(ada, scriptId);
    await caretAtEndOf(adaPage, 1);
    await adaPage.keyboard.type(' It locks.');
    await statusBecomes(adaPage, 'Saved');
    const expected = ['INT. VAULT - NIGHT', 'The door swings shut. It locks.'];

    // The operator rebuilds the document from content_blocks, with the server stopped as the CLI asks; Ada's page
    // keeps trying it meanwhile, and Chromium logs each refused connection.
    suite.allowConsole(SERVER_STOPPED);
    await suite.web.stop();
    const reseed = await runCli(['reseed', scriptId, '--execute'], { location: suite.web.location, cwd: operatorDir });
    expect(reseed.code, reseed.stderr).toBe(0);
    await suite.web.start();

    // Ada's open page reconnects holding the old document: refused, reloaded, told why.
    await adaPage.getByRole('alert').filter({ hasText: 'restored or rebuilt on the server' }).waitFor({ timeout: 20_000 });
    await adaPage.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await expect.poll(() => textsOf(adaPage)).toEqual(expected);

    // Ben's stored copy belongs to the replaced document: it is deleted, not merged.
    const benAgain = await openEditor(ben, scriptId);
    await expect.poll(() => textsOf(benAgain)).toEqual(expected);
    await expect.poll(() => copiesOf(benAgain, scriptId)).toEqual([`writersroom/${ben.userId}/${scriptId}/1`]);

    // Both keep writing into the new document, each change once.
    await caretAtEndOf(benAgain, 0);
    await benAgain.keyboard.type(' (LATER)');
    await statusBecomes(benAgain, 'Saved');
    await expect.poll(() => textsOf(adaPage)).toEqual(['INT. VAULT - NIGHT (LATER)', expected[1]]);
    expect((await serverContent(ada, scriptId)).map((block) => block.text)).toEqual(['INT. VAULT - NIGHT (LATER)', expected[1]]);
  }, 90_000);
});
