/**
 * The Export menu's "Include comments" box in Chromium: reached and ticked
 * from the keyboard, it adds `comments=include` to every download link (the
 * server then writes the open threads in: server test
 * export-comments.test.ts), and unticked takes it away again.
 *
 * Each test names the breakage that fails it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContentBlock } from '@writersroom/screenplay';
import { describe, expect, test } from 'vitest';
import { expectAccessible } from './support/accessibility.js';
import { resultsDir, skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { createScriptWith, openEditor, signUpWriter } from './support/writers.js';

const SCENE: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. LIGHTHOUSE - NIGHT' },
  { type: 'action', text: 'The lamp turns.' },
];

describe.skipIf(skipBrowserTests)('exporting with comments from the script page in Chromium', () => {
  const suite = useBrowserSuite();

  test('"Include comments" is a labelled box reached by the keyboard that adds comments=include to each link', async () => {
    // Breakage tried: leaving the query unchanged when the box is ticked (the links never ask for comments).
    const ann = await signUpWriter(await suite.newContext({ width: 1400, height: 1000 }), 'Ann');
    const scriptId = await createScriptWith(ann, 'Lamp', SCENE);
    const page = await openEditor(ann, scriptId);
    const links = () => page.getByRole('list', { name: 'Export formats' }).getByRole('link').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')));

    await page.getByText('Export', { exact: true }).focus();
    await page.keyboard.press('Enter');
    const box = page.getByRole('checkbox', { name: 'Include comments' });
    await box.waitFor();
    await page.keyboard.press('Tab');
    await expect.poll(() => box.evaluate((node) => node === document.activeElement)).toBe(true);
    expect((await links()).every((href) => !href!.includes('comments='))).toBe(true);
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    expect(await links()).toEqual(['format=pdf&paper=letter', 'format=pdf&paper=a4', 'format=fountain', 'format=fdx'].map((query) => `/api/scripts/${scriptId}/export?${query}&comments=include`));
    await expectAccessible(page);
    await page.screenshot({ path: path.join(resultsDir, 'export-menu-comments.png'), clip: { x: 700, y: 0, width: 700, height: 400 } });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Fountain (.fountain)' }).click()]);
    expect(download.suggestedFilename()).toBe('Lamp.fountain');
    expect(await readFile((await download.path())!, 'utf8')).toContain('INT. LIGHTHOUSE - NIGHT');

    // The menu stays open after a download.
    await box.uncheck();
    expect((await links()).every((href) => !href!.includes('comments='))).toBe(true);
  });
});
