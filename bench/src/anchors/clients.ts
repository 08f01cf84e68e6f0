/**
 * The clients of `npm run bench -- anchors`: the stock y-websocket
 * `WebsocketProvider` for WritersRoom and the y-websocket server, and
 * Hocuspocus's own `HocuspocusProvider` for Hocuspocus (its protocol prefixes
 * every message with the document name, which the stock client cannot speak).
 * Both run in Node on `ws`, as the server tests run the stock client
 * (packages/server/test/support/providers.ts).
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DOCUMENT_FRAGMENT } from '@writersroom/screenplay';
import { MessageType, encodeSaveAckRequest, isCountedDocumentMessage, readSaved } from '@writersroom/protocol';

export type ClientKind = 'y-websocket' | 'hocuspocus';

export interface BenchClient {
  doc: Y.Doc;
  /** Resolves once the provider reports synced (first SyncStep2 from the server handled). */
  synced: Promise<void>;
  /**
   * WritersRoom only (null elsewhere): resolves once the server's Saved covers
   * every document message this client has sent so far (PROTOCOL.md §3).
   */
  whenSaved: (() => Promise<void>) | null;
  /** Closes the connection and destroys the document (read what you need from it first). */
  destroy(): void;
}

export interface ConnectTarget {
  kind: ClientKind;
  /** ws://host:port base (WebsocketProvider appends /<name>); for WritersRoom, …/ws/scripts. */
  wsBase: string;
  /** Query parameters of the WebSocket URL (WritersRoom's dev token). */
  params: Record<string, string>;
  /** Whether the server speaks WritersRoom's Saved extension. */
  saveAcks: boolean;
}

const CONNECT_TIMEOUT_MS = 60_000;

function timeout(what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS).unref());
}

/**
 * Counts this connection's document messages and the server's Saved(n), by
 * wrapping the stock provider's socket and adding a handler for type 17, as
 * PROTOCOL.md §3 says any transport may.
 */
function trackSaved(provider: WebsocketProvider): () => Promise<void> {
  let sent = 0;
  let saved = 0;
  const waiters = new Set<() => void>();
  provider.messageHandlers[MessageType.Saved] = (_encoder: unknown, decoder: decoding.Decoder) => {
    saved = readSaved(decoder);
    for (const waiter of waiters) waiter();
  };
  provider.on('status', ({ status }: { status: string }) => {
    const ws = provider.ws;
    if (status !== 'connected' || ws === null) return;
    sent = 0;
    saved = 0;
    const send = ws.send.bind(ws);
    ws.send = (frame: Uint8Array) => {
      if (isCountedDocumentMessage(frame)) sent++;
      send(frame);
    };
    send(encodeSaveAckRequest());
  });
  return () =>
    new Promise((resolve) => {
      const target = sent;
      const check = () => {
        if (saved < target) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
}

function connectStock(target: ConnectTarget, name: string, doc: Y.Doc): BenchClient {
  const provider = new WebsocketProvider(target.wsBase, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: target.params,
    disableBc: true,
  });
  const whenSaved = target.saveAcks ? trackSaved(provider) : null;
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
  return {
    doc,
    synced: Promise.race([synced, timeout(`${name} not synced`)]),
    whenSaved,
    destroy: () => {
      provider.destroy();
      // The provider's Awareness keeps an interval timer until its document is destroyed; left running, the bench never exits.
      doc.destroy();
    },
  };
}

function connectHocuspocus(target: ConnectTarget, name: string, doc: Y.Doc): BenchClient {
  const websocketProvider = new HocuspocusProviderWebsocket({ url: target.wsBase, WebSocketPolyfill: WebSocket });
  const provider = new HocuspocusProvider({ websocketProvider, name, document: doc });
  provider.attach();
  const synced = new Promise<void>((resolve) => {
    if (provider.isSynced) resolve();
    else provider.on('synced', () => resolve());
  });
  return {
    doc,
    synced: Promise.race([synced, timeout(`${name} not synced`)]),
    whenSaved: null,
    destroy: () => {
      provider.destroy();
      websocketProvider.destroy();
      doc.destroy();
    },
  };
}

export function connectClient(target: ConnectTarget, name: string, doc = new Y.Doc()): BenchClient {
  return target.kind === 'hocuspocus' ? connectHocuspocus(target, name, doc) : connectStock(target, name, doc);
}

/** What a loaded screenplay holds: its elements and their characters. */
export interface ContentSize {
  elements: number;
  characters: number;
}

export function contentSize(doc: Y.Doc): ContentSize {
  const fragment = doc.getXmlFragment(DOCUMENT_FRAGMENT);
  let characters = 0;
  for (const node of fragment.toArray()) {
    if (node instanceof Y.XmlElement) for (const child of node.toArray()) if (child instanceof Y.XmlText) characters += child.length;
  }
  return { elements: fragment.length, characters };
}

/**
 * Resolves once the client is synced and its document holds `expected` (some
 * servers answer the first sync before they have read the document from
 * disk and send the content later as an update).
 */
export async function whenLoaded(client: BenchClient, expected: ContentSize): Promise<void> {
  await client.synced;
  const full = () => {
    const size = contentSize(client.doc);
    return size.elements === expected.elements && size.characters === expected.characters;
  };
  if (full()) return;
  await Promise.race([
    new Promise<void>((resolve) => {
      const check = () => {
        if (!full()) return;
        client.doc.off('update', check);
        resolve();
      };
      client.doc.on('update', check);
    }),
    timeout(`document not complete (${JSON.stringify(contentSize(client.doc))} of ${JSON.stringify(expected)})`),
  ]);
}
