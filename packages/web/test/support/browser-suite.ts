import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startWebServer, type WebServer, type WebServerOptions } from './web-server.js';

export interface BrowserSuite {
  readonly web: WebServer;
  /** A new browser profile (no cookies: nobody signed in) on the suite's server; closed after the suite. */
  newContext(viewport: { width: number; height: number }): Promise<BrowserContext>;
}

/**
 * A real server (local accounts unless the options say otherwise, the built
 * client) and Chromium for the enclosing `describe`, started before its tests
 * and closed after them. Options given as a function are read when the server
 * starts, after the `beforeAll` hooks registered earlier (one that starts a
 * stand-in the server must point at, say).
 */
export function useBrowserSuite(options: WebServerOptions | (() => WebServerOptions) = {}): BrowserSuite {
  let web: WebServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite is used before beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    web = await startWebServer(typeof options === 'function' ? options() : options);
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await web?.close();
  });

  return {
    get web() {
      return ready(web);
    },
    async newContext(viewport) {
      const context = await ready(browser).newContext({ baseURL: ready(web).server.url, viewport });
      contexts.push(context);
      return context;
    },
  };
}
