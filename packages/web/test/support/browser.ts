import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { webDir } from './web-build.js';

/** Debian's Chromium; browser tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/** Skipped locally without Chromium; with CI=true a missing Chromium fails the run instead. */
export const skipBrowserTests = !existsSync(CHROMIUM) && process.env.CI !== 'true';

/** Where screenshots go (gitignored: test-results/). */
export const resultsDir = path.join(webDir, 'test-results');

/**
 * Headless Chromium with a fresh profile (Playwright makes a new temporary
 * user-data-dir per launch). The flags keep it off the network: this machine's
 * closed network refuses Chromium's background connections.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(resultsDir, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
