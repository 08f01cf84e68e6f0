import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { ContentBlock } from '@writersroom/screenplay';

export const PASSWORD = 'a long passphrase';

export interface SignedInWriter {
  context: BrowserContext;
  userId: string;
  email: string;
  name: string;
}

/**
 * Creates a local account from inside a browser profile, so the profile holds
 * its session cookie, as after the sign-up page. Tests about the pages
 * themselves sign up through the page instead.
 */
export async function signUpWriter(context: BrowserContext, name: string): Promise<SignedInWriter> {
  const email = `${name.toLowerCase()}@example.com`;
  const response = await context.request.post('/api/auth/signup', { data: { email, password: PASSWORD, displayName: name } });
  if (response.status() !== 201) throw new Error(`sign-up of ${email} answered ${response.status()}: ${await response.text()}`);
  const { user } = (await response.json()) as { user: { userId: string } };
  return { context, userId: user.userId, email, name };
}

/** A script owned by `owner`, holding `contentBlocks` when given (a blank page otherwise). */
export async function createScriptWith(owner: SignedInWriter, title: string, contentBlocks?: ContentBlock[]): Promise<string> {
  const response = await owner.context.request.post('/api/scripts', { data: contentBlocks ? { title, contentBlocks } : { title } });
  if (response.status() !== 201) throw new Error(`creating ${title} answered ${response.status()}: ${await response.text()}`);
  return ((await response.json()) as { script: { scriptId: string } }).script.scriptId;
}

export async function shareScript(owner: SignedInWriter, scriptId: string, withWriter: SignedInWriter, role: 'editor' | 'viewer'): Promise<void> {
  const response = await owner.context.request.post(`/api/scripts/${scriptId}/collaborators`, { data: { email: withWriter.email, role } });
  if (response.status() !== 201) throw new Error(`sharing answered ${response.status()}: ${await response.text()}`);
}

/** The script's content as the server projects it (what a reload, an export or the REST API sees). */
export async function serverContent(writer: SignedInWriter, scriptId: string): Promise<ContentBlock[]> {
  const response = await writer.context.request.get(`/api/scripts/${scriptId}/content`);
  if (response.status() !== 200) throw new Error(`reading content answered ${response.status()}: ${await response.text()}`);
  return ((await response.json()) as { contentBlocks: ContentBlock[] }).contentBlocks;
}

/**
 * Opens the script's page and waits until its editor holds the server's
 * state and the page's first read of the script's comments is answered.
 */
export async function openEditor(writer: SignedInWriter, scriptId: string, options: { editable?: boolean } = {}): Promise<Page> {
  const page = await writer.context.newPage();
  const commentsRead = firstCommentsRead(page, scriptId);
  await page.goto(`/scripts/${scriptId}`);
  await page.locator(`.screenplay-page[data-synced="true"] .ProseMirror[contenteditable="${options.editable === false ? 'false' : 'true'}"]`).waitFor();
  await commentsRead;
  return page;
}

/**
 * Resolves once the page has had the answer to its first read of the
 * script's comments, which it sends when its socket opens (the highlights
 * need them); call it before the page loads. A test that takes the
 * writer's access away right after opening waits for it: a read still on
 * its way would be refused, and Chromium would log the refusal (CI saw a
 * 403 so).
 */
export async function firstCommentsRead(page: Page, scriptId: string): Promise<void> {
  await page.waitForResponse((response) => new URL(response.url()).pathname === `/api/scripts/${scriptId}/comments`);
}

/** The text of each element on the page, with its element type. */
export async function pageElements(page: Page): Promise<Array<{ element: string; text: string }>> {
  return page.locator('.ProseMirror p[data-element]').evaluateAll((nodes) =>
    nodes.map((node) => ({ element: node.getAttribute('data-element') ?? '', text: node.textContent ?? '' })),
  );
}

/** Waits until the status line reads exactly `text`. */
export async function statusBecomes(page: Page, text: string, timeout = 15_000): Promise<void> {
  await page.locator('.editor-status', { hasText: new RegExp(`^${text}$`) }).waitFor({ timeout });
}

/** Puts the caret at the end of the `index`th element of the page. */
export async function caretAtEndOf(page: Page, index: number): Promise<void> {
  await clickIntoPage(page, page.locator('.ProseMirror p[data-element]').nth(index));
  await page.keyboard.press('End');
}

/**
 * Clicks into the page and waits for the caret. ProseMirror places it after
 * the click; keys typed before that, as Playwright types them at once on a
 * loaded machine, reach no element and are lost ("Int. " became "t. ").
 */
export async function clickIntoPage(page: Page, target: Locator = page.locator('.ProseMirror')): Promise<void> {
  await target.click();
  // A function, not a string: Playwright evaluates a string predicate again on every poll with eval, which the
  // page's CSP blocks once the first try (run by DevTools, exempt) found no caret yet; a function is compiled once.
  await page.waitForFunction(() => {
    // Typed by hand: this module is also compiled without the DOM's types (the bench imports it).
    interface PageNode {
      parentElement: PageNode | null;
      closest?(selector: string): PageNode | null;
      classList?: { contains(name: string): boolean };
    }
    const page = globalThis as unknown as {
      document: { activeElement: PageNode | null; getSelection(): { anchorNode: PageNode | null } | null };
    };
    const anchor = page.document.getSelection()?.anchorNode;
    // A text node has no closest(): its element is its parent.
    const element = anchor?.closest === undefined ? anchor?.parentElement : anchor;
    return page.document.activeElement?.classList?.contains('ProseMirror') === true && element?.closest?.('p[data-element]') != null;
  });
}
