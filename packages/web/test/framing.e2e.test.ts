/**
 * Clickjacking (SECURITY.md): a page of another origin cannot frame the
 * script page, so it cannot overlay the Share and Delete buttons. The same
 * page opened on its own renders, under the same policy, without a
 * violation (the suite fails any test that saw one).
 *
 * Breakage that fails it: frameAncestors dropped from the policy and
 * frameguard off in http/security-headers.ts (the script page then renders
 * inside the other origin's frame).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { createScriptWith, openEditor, signUpWriter } from './support/writers.js';

describe.skipIf(skipBrowserTests)('framing the app from another origin, in Chromium', () => {
  const suite = useBrowserSuite();
  let framer: Server;
  let framerUrl = '';


  beforeAll(async () => {
    // Another origin: the same host on another port, serving a page that frames whatever `?src=` names.
    framer = createServer((request, response) => {
      const src = new URL(request.url ?? '/', 'http://framer').searchParams.get('src') ?? '';
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<!doctype html><title>framer</title><iframe id="victim" src="${src.replaceAll('"', '&quot;')}" width="1000" height="700"></iframe>`);
    });
    await new Promise<void>((resolve) => framer.listen(0, '127.0.0.1', resolve));
    framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => framer.close(() => resolve()));
  });

  test('the script page refuses to render in a frame of another origin, and renders on its own', async () => {
    const ada = await signUpWriter(await suite.newContext({ width: 1100, height: 800 }), 'Ada');
    const scriptId = await createScriptWith(ada, 'Framed');
    const frameTarget = `${suite.web.server.url}/scripts/${scriptId}`;

    const page = await ada.context.newPage();
    // The refusal under test: Chromium reports it in the framing page's console.
    suite.allowConsole(/violates the following Content Security Policy directive: "frame-ancestors 'none'"/);
    await page.goto(`${framerUrl}?src=${encodeURIComponent(frameTarget)}`);
    await page.locator('#victim').waitFor();
    // Chromium replaces a frame its ancestors may not hold by its own error page.
    await expect.poll(() => page.frames().find((frame) => frame !== page.mainFrame())?.url()).toMatch(/^chrome-error:/);
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(await framed?.locator('.screenplay-page').count()).toBe(0);

    const own = await openEditor(ada, scriptId);
    expect(await own.locator('.screenplay-page').count()).toBe(1);
  });
});
