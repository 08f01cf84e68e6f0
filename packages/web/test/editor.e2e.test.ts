import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { clickIntoPage, PASSWORD, statusBecomes } from './support/writers.js';

describe.skipIf(skipBrowserTests)('the screenplay editor in Chromium', () => {
  const suite = useBrowserSuite();
  const newContext = () => suite.newContext({ width: 1100, height: 900 });

  test('two windows of one writer edit a script together; the edit shows Saved, survives a reload, and is stored: a server restart and a new browser profile still show it', async () => {
    const first = await (await newContext()).newPage();
    await first.goto('/signup');
    await first.getByLabel('Email').fill('carol@example.com');
    await first.getByLabel('Password').fill(PASSWORD);
    await first.getByRole('button', { name: 'Create account' }).click();
    await first.getByRole('heading', { name: 'Your scripts' }).waitFor();
    await first.getByLabel('Title', { exact: true }).fill('Night Shift');
    // The new script opens at once.
    await first.getByRole('button', { name: 'Create script' }).click();
    await first.waitForURL(/\/scripts\/[^/]+$/);
    const scriptUrl = new URL(first.url()).pathname;

    // The second window: another browser profile, signed in with the first one's session cookie.
    const secondContext = await newContext();
    await secondContext.addCookies(await first.context().cookies());
    const second = await secondContext.newPage();
    await second.goto(scriptUrl);
    await second.getByRole('heading', { level: 1, name: 'Night Shift' }).waitFor();

    const firstEditor = first.getByRole('textbox', { name: 'Screenplay' });
    const secondEditor = second.getByRole('textbox', { name: 'Screenplay' });
    // Editable only once synced.
    await first.locator('.ProseMirror[contenteditable="true"]').waitFor();
    await second.locator('.ProseMirror[contenteditable="true"]').waitFor();

    const line = 'The night nurse checks her watch. Again.';
    await clickIntoPage(first);
    await first.keyboard.type(line);
    await expect.poll(() => firstEditor.textContent(), { timeout: 10_000 }).toBe(line);
    await expect.poll(() => secondEditor.textContent(), { timeout: 10_000 }).toBe(line);
    expect(await second.locator('.ProseMirror p[data-element="action"]').count()).toBe(1);

    await statusBecomes(first, 'Saved');
    await first.screenshot({ path: path.join(resultsDir, 'editor.png'), fullPage: true });

    await first.reload();
    await first.locator('.ProseMirror[contenteditable="true"]').waitFor();
    await expect.poll(() => firstEditor.textContent(), { timeout: 10_000 }).toBe(line);
    await statusBecomes(first, 'Saved');

    // Fails if the server says Saved without storing (the group commit acknowledging rows it never appended).
    // The reload above may have come from this browser's IndexedDB copy or from the room in server memory:
    // with every page closed (nothing left to send the edit again) and the server restarted on its
    // database, a profile that never had the script can only get the edit from storage.
    const cookies = await first.context().cookies();
    await first.close();
    await second.close();
    await suite.web.stop();
    await suite.web.start();
    const freshContext = await newContext();
    await freshContext.addCookies(cookies);
    const fresh = await freshContext.newPage();
    await fresh.goto(scriptUrl);
    await fresh.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    expect(await fresh.getByRole('textbox', { name: 'Screenplay' }).textContent()).toBe(line);
    expect(await fresh.locator('.ProseMirror p[data-element="action"]').count()).toBe(1);
  }, 90_000);
});
