import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

/**
 * The stock y-websocket client, as any Yjs app would use it, authenticated as
 * dev user `name`; `params` adds query parameters (e.g. `generation`).
 */
export function connectStockClient(
  wsBase: string,
  scriptId: string,
  name: string,
  doc = new Y.Doc(),
  params: Record<string, string> = {},
): WebsocketProvider {
  return new WebsocketProvider(wsBase, scriptId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ...params, token: `dev:${name}` },
    disableBc: true,
    maxBackoffTime: 200,
  });
}

export function whenSynced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider not synced within ${timeoutMs} ms`)), timeoutMs);
    provider.once('sync', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Polls until `condition` holds; fails with `what` after the timeout. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * The text of the first element of the screenplay: a blank page has one empty
 * action element (see blankPageUpdate), and tests type into it as a writer would.
 */
export function line(doc: Y.Doc): Y.XmlText {
  const element = doc.getXmlFragment('default').get(0);
  const content = element instanceof Y.XmlElement ? element.get(0) : undefined;
  if (!(content instanceof Y.XmlText)) throw new Error('the document has no first line yet: wait until it has synced');
  return content;
}

export function text(doc: Y.Doc): string {
  return line(doc).toString();
}

/** A blank page as the editor would store it: one empty action element, written by the fixed seeding client id 0. */
export function blankPageUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = 0;
  const action = new Y.XmlElement('action');
  action.insert(0, [new Y.XmlText()]);
  doc.getXmlFragment('default').insert(0, [action]);
  return Y.encodeStateAsUpdate(doc);
}
