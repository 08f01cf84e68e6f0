import type { BrowserContext } from 'playwright-core';

/** A console error or warning, or an uncaught exception, from one page. */
export interface ConsoleProblem {
  page: string;
  kind: 'error' | 'warning' | 'uncaught';
  text: string;
}

/**
 * Gathers what a writer's browser console would show in red or yellow, from
 * every page of the contexts it watches. Chromium logs a failed request
 * ("Failed to load resource: … 401") as a console error too, so a request
 * that fails on an ordinary visit is caught here as well.
 */
export class ConsoleWatch {
  readonly #seen: ConsoleProblem[] = [];
  readonly #allowed: RegExp[] = [];

  watch(context: BrowserContext): void {
    context.on('console', (message) => {
      const type = message.type();
      if (type !== 'error' && type !== 'warning') return;
      const where = message.location();
      const source = where.url ? ` (${where.url}:${where.lineNumber})` : '';
      this.#seen.push({ page: message.page()?.url() ?? '(no page)', kind: type, text: message.text() + source });
    });
    context.on('weberror', (webError) => {
      const error = webError.error();
      this.#seen.push({ page: webError.page()?.url() ?? '(no page)', kind: 'uncaught', text: error.stack ?? error.message });
    });
  }

  /** Lets messages matching `pattern` through until `takeUnexpected` is next called (the end of the test). */
  allow(pattern: RegExp): void {
    this.#allowed.push(pattern);
  }

  /** What was seen since the last call and not allowed; clears both. */
  takeUnexpected(): ConsoleProblem[] {
    const seen = this.#seen.splice(0);
    const allowed = this.#allowed.splice(0);
    return seen.filter((problem) => !allowed.some((pattern) => pattern.test(problem.text)));
  }
}

/**
 * What Chromium logs for each connection a page tries while the test's server
 * is stopped on purpose (its WebSocket reconnecting, a request of the app):
 * for `allowConsole` in tests that stop it, and only those.
 */
export const SERVER_STOPPED = /net::ERR_CONNECTION_REFUSED/;
