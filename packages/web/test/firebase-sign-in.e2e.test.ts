import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { skipBrowserTests } from './support/browser.js';
import { useBrowserSuite } from './support/browser-suite.js';
import { SERVER_STOPPED } from './support/console-watch.js';
import { FakeFirebaseAuth } from './support/fake-firebase-auth.js';
import { clickIntoPage, PASSWORD, statusBecomes } from './support/writers.js';

const SHORT_LIFETIME_S = 10;

describe.skipIf(skipBrowserTests)('signing in with Firebase in Chromium (AUTH_MODE=firebase, Google stood in for)', () => {
  let firebase: FakeFirebaseAuth;
  beforeAll(async () => {
    firebase = await FakeFirebaseAuth.start({ projectId: 'writersroom-e2e', apiKey: 'e2e-web-api-key' });
  });
  afterAll(() => firebase?.close());
  // A function: the stand-in's address is known only once the hook above has run.
  const suite = useBrowserSuite(() => ({ auth: firebase.serverAuthConfig() }));
  async function newPage(context?: BrowserContext): Promise<Page> {
    return (context ?? (await suite.newContext({ width: 1100, height: 850 }))).newPage();
  }

  /** Fills in and sends the form of the sign-in or sign-up page the browser is on. */
  async function submitForm(page: Page, email: string, password: string, displayName?: string): Promise<void> {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    if (displayName !== undefined) await page.getByLabel('Display name (optional)').fill(displayName);
    await page.getByRole('button', { name: displayName === undefined ? 'Sign in' : 'Create account' }).click();
  }

  const sessionCookie = async (context: BrowserContext) => (await context.cookies()).find((cookie) => cookie.name === 'wr_session');
  const storedRefreshToken = (page: Page) => page.evaluate(() => localStorage.getItem('writersroom.firebase-session'));

  /** Opens the script from the list and types at the end of the page, until the server acknowledged it. */
  async function typeInto(page: Page, text: string): Promise<void> {
    await page.locator('.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="true"]').waitFor();
    await clickIntoPage(page);
    await page.keyboard.press('Control+End');
    await page.keyboard.type(text);
    await statusBecomes(page, 'Saved');
  }

  async function scriptText(context: BrowserContext, scriptId: string): Promise<string> {
    const response = await context.request.get(`/api/scripts/${scriptId}/content`);
    expect(response.status()).toBe(200);
    const { contentBlocks } = (await response.json()) as { contentBlocks: Array<{ text: string }> };
    return contentBlocks.map((block) => block.text).join('\n');
  }

  test('a writer signs up with the Firebase form, writes, signs out and back in; mistakes are told in plain words', async () => {
    const page = await newPage();
    await page.goto('/signup');
    await submitForm(page, 'ada@example.com', PASSWORD, 'Ada');
    await page.getByRole('heading', { name: 'Your scripts' }).waitFor();
    await page.getByRole('banner').getByText('Ada').waitFor();
    // The ID token is only in the HttpOnly cookie; the page keeps the refresh token.
    expect(await sessionCookie(page.context())).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(await storedRefreshToken(page)).toContain('refreshToken');

    await page.getByLabel('Title', { exact: true }).fill('Pilot');
    // The new script opens at once.
    await page.getByRole('button', { name: 'Create script' }).click();
    await page.waitForURL(/\/scripts\/[^/]+$/);
    const scriptId = page.url().split('/scripts/')[1]!;
    await typeInto(page, 'Rain on the observatory dome.');
    await expect.poll(() => scriptText(page.context(), scriptId), { timeout: 10_000 }).toMatch(/rain on the observatory dome\./i);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await sessionCookie(page.context())).toBeUndefined();
    expect(await storedRefreshToken(page)).toBeNull();

    // The stand-in refuses the mistakes below with 400s, as Google does; Chromium logs each as a failed request.
    suite.allowConsole(/status of 400 \(Bad Request\) \(http:\/\/[^/]+\/identitytoolkit\.googleapis\.com\//);
    await submitForm(page, 'ada@example.com', 'not the passphrase');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Wrong email or password.');
    await page.goto('/signup');
    await submitForm(page, 'ADA@example.com', 'another passphrase', '');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('An account with this email already exists. Sign in instead.');
    await submitForm(page, 'new@example.com', '12345', '');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Choose a stronger password: at least 6 characters.');

    await page.getByRole('link', { name: 'Sign in' }).click();
    await submitForm(page, 'ada@example.com', PASSWORD);
    await page.getByRole('link', { name: 'Pilot' }).click();
    await typeInto(page, ' Again.');
  }, 60_000);

  test('the page renews the ID token before it expires: after the first token expired, REST and a reconnected socket still work; a refused renewal signs out', async () => {
    firebase.tokenLifetimeS = SHORT_LIFETIME_S;
    try {
      const page = await newPage();
      const context = page.context();
      await page.goto('/signup');
      await submitForm(page, 'lin@example.com', PASSWORD, 'Lin');
      await page.getByRole('heading', { name: 'Your scripts' }).waitFor();
      const first = (await sessionCookie(context))!;
      const created = await context.request.post('/api/scripts', { data: { title: 'Night Shift' } });
      const { scriptId } = ((await created.json()) as { script: { scriptId: string } }).script;
      await page.goto(`/scripts/${scriptId}`);
      await typeInto(page, 'Before the token expires.');

      // Renewed halfway through each token's life: after two renewals the first token has expired.
      await expect
        .poll(async () => (await sessionCookie(context))?.expires ?? 0, { timeout: 4 * SHORT_LIFETIME_S * 1000, interval: 250 })
        .toBeGreaterThanOrEqual(first.expires + SHORT_LIFETIME_S);
      // A restart drops every socket; the page reconnects with whatever cookie it holds now (Chromium logs the
      // connections refused meanwhile).
      suite.allowConsole(SERVER_STOPPED);
      await suite.web.stop();
      await suite.web.start();
      await typeInto(page, ' After a reconnect.');
      // Only a new socket, opened with the renewed cookie, can have brought this to the restarted server.
      await expect.poll(() => scriptText(context, scriptId), { timeout: 10_000 }).toMatch(/after a reconnect\./i);

      while (Date.now() <= first.expires * 1000) await page.waitForTimeout(100);
      const withFirst = await fetch(`${suite.web.server.url}/api/auth/me`, { headers: { cookie: `wr_session=${first.value}` } });
      expect(withFirst.status).toBe(401);
      const list = await newPage(context);
      await list.goto('/');
      await list.getByRole('link', { name: 'Night Shift' }).waitFor();

      // Revoked at Firebase (a password change elsewhere, say): the next renewal is refused (a 400 Chromium logs) and
      // the pages sign out.
      suite.allowConsole(/status of 400 \(Bad Request\) \(http:\/\/[^/]+\/securetoken\.googleapis\.com\//);
      firebase.revokeRefreshTokens('lin@example.com');
      await list.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: SHORT_LIFETIME_S * 1000 });
      await page.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: SHORT_LIFETIME_S * 1000 });
      expect(await storedRefreshToken(list)).toBeNull();
    } finally {
      firebase.tokenLifetimeS = 3600;
    }
  }, 90_000);
});
