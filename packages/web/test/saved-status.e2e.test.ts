import type { ContentBlock } from '@writersroom/screenplay';
import { MessageType } from '@writersroom/protocol';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { postgresAvailable } from '../../server/test/support/postgres.js';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { caretAtEndOf, createScriptWith, openEditor, pageElements, serverContent, shareScript, signUpWriter, statusBecomes } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. ARCHIVE - DAY' },
  { type: 'action', text: 'Boxes to the ceiling.' },
];

/** Every text the status line shows from now on, with the time it appeared. */
async function recordStatuses(page: Page): Promise<() => Promise<Array<{ text: string; at: number }>>> {
  await page.evaluate(() => {
    const seen: Array<{ text: string; at: number }> = [];
    (window as unknown as { statuses: typeof seen }).statuses = seen;
    const status = document.querySelector('.editor-status')!;
    new MutationObserver(() => seen.push({ text: status.textContent ?? '', at: Date.now() })).observe(status, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { statuses: Array<{ text: string; at: number }> }).statuses);
}

/**
 * Records, inside the page, when each Saved message arrives: the listener is
 * added before the provider's own, so a Saved is recorded before any status
 * change it causes, on the same clock as the status recording.
 */
async function recordSavedMessages(page: Page, saved: number): Promise<() => Promise<number[]>> {
  await page.addInitScript((savedType) => {
    const received: number[] = [];
    (window as unknown as { savedMessages: number[] }).savedMessages = received;
    const NativeWebSocket = window.WebSocket;
    window.WebSocket = class extends NativeWebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        this.addEventListener('message', (event: MessageEvent) => {
          if (event.data instanceof ArrayBuffer && new Uint8Array(event.data)[0] === savedType) received.push(Date.now());
        });
      }
    };
  }, saved);
  return () => page.evaluate(() => (window as unknown as { savedMessages: number[] }).savedMessages);
}

describe.skipIf(skipBrowserTests || !postgresAvailable)('the Saved status in Chromium, PostgreSQL behind a cuttable link', () => {
  const suite = useBrowserSuite({ database: 'postgres-via-proxy' });
  const newContext = () => suite.newContext({ width: 1100, height: 800 });

  test('"Saved" follows the server’s acknowledgement, and never shows while the database is unreachable', async () => {
    const ada = await signUpWriter(await newContext(), 'Ada');
    const ben = await signUpWriter(await newContext(), 'Ben');
    const scriptId = await createScriptWith(ada, 'Archive', SCENE);
    await shareScript(ada, scriptId, ben, 'editor');
    const adaPage = await ada.context.newPage();
    const savedMessages = await recordSavedMessages(adaPage, MessageType.Saved);
    await adaPage.goto(`/scripts/${scriptId}`);
    await adaPage.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await statusBecomes(adaPage, 'Saved');
    const benPage = await openEditor(ben, scriptId);
    const statuses = await recordStatuses(adaPage);

    suite.web.databaseLink!.cut();
    const cutAt = await adaPage.evaluate(() => Date.now());
    await caretAtEndOf(adaPage, 1);
    await adaPage.keyboard.type(' One is open.');
    // Writers keep working together while the database is away...
    await expect.poll(async () => (await pageElements(benPage))[1]?.text, { timeout: 10_000 }).toBe('Boxes to the ceiling. One is open.');
    // ...but for four seconds nobody is told it is saved.
    await adaPage.waitForTimeout(4_000);
    expect((await statuses()).map((status) => status.text)).not.toContain('Saved');
    expect(await adaPage.locator('.editor-status').textContent()).toBe('Saving…');
    expect((await savedMessages()).filter((at) => at > cutAt)).toEqual([]);

    const restoredAt = await adaPage.evaluate(() => Date.now());
    suite.web.databaseLink!.restore();
    await statusBecomes(adaPage, 'Saved', 20_000);
    const firstSaved = (await statuses()).find((status) => status.text === 'Saved')!;
    const firstAck = (await savedMessages()).find((at) => at > restoredAt)!;
    expect(firstAck).toBeDefined();
    expect(firstSaved.at).toBeGreaterThanOrEqual(firstAck);
    expect((await serverContent(ada, scriptId))[1]).toEqual({ type: 'action', text: 'Boxes to the ceiling. One is open.' });
  }, 90_000);
});
