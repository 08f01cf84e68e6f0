import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchChromium } from './browser.js';
import { ConsoleWatch } from './console-watch.js';
import { startWebServer, type WebServer, type WebServerOptions } from './web-server.js';

/** A Content-Security-Policy violation a page reported (its `securitypolicyviolation` event). */
export interface CspViolation {
  page: string;
  directive: string;
  blocked: string;
  sample: string;
}

export interface BrowserSuite {
  readonly web: WebServer;
  /** Every CSP violation a page of this suite reported since the current test began. */
  readonly cspViolations: readonly CspViolation[];
  /** A new browser profile (no cookies: nobody signed in) on the suite's server; closed after the suite. */
  newContext(viewport: { width: number; height: number }): Promise<BrowserContext>;
  /**
   * Lets console errors and warnings matching `pattern` pass for the current
   * test only. Every other one, and every uncaught exception, fails the test:
   * use it only for a message the test provokes on purpose, and say why.
   */
  allowConsole(pattern: RegExp): void;
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
  const cspViolations: CspViolation[] = [];
  const consoleWatch = new ConsoleWatch();
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite is used before beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    web = await startWebServer(typeof options === 'function' ? options() : options);
    browser = await launchChromium();
  });
  // The production build runs under the server's CSP: any violation (an inline style, an eval) fails the test that caused it.
  // So does what a writer would see in the console: a warning or an error there is a bug, or a failed request to explain.
  // Both are taken before either is checked, so that one test's leftovers never fail the next.
  afterEach(() => {
    const seen = cspViolations.splice(0);
    const consoleProblems = consoleWatch.takeUnexpected();
    expect(seen, 'Content-Security-Policy violations').toEqual([]);
    expect(consoleProblems, 'console errors and warnings').toEqual([]);
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
    get cspViolations() {
      return cspViolations;
    },
    async newContext(viewport) {
      const context = await ready(browser).newContext({ baseURL: ready(web).server.url, viewport });
      await context.exposeBinding('__reportCspViolation', ({ page }, violation: Omit<CspViolation, 'page'>) => {
        cspViolations.push({ page: page.url(), ...violation });
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation: (v: unknown) => void }).__reportCspViolation;
          report({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample });
        });
      });
      consoleWatch.watch(context);
      contexts.push(context);
      return context;
    },
    allowConsole(pattern) {
      consoleWatch.allow(pattern);
    },
  };
}
