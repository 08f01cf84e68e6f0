import { encodeSaveAckRequest, isCountedDocumentMessage, isDoNotRetry, MessageType, readSaved } from '@writersroom/protocol';
import type * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * What the writer sees about the connection to a script:
 * - connecting: opening (or reopening) the socket, or waiting for the first sync
 * - live: connected and synced, no save acknowledgement yet
 * - saving: some document messages sent on this connection are not durable yet
 * - saved: every document message sent on this connection is durable
 * - offline: the connection dropped; the provider is retrying
 * - closed: the server refused for good (a do-not-retry close code, PROTOCOL.md §4)
 */
export type ConnectionState = 'connecting' | 'live' | 'saving' | 'saved' | 'offline' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** The document has received the server's state at least once (since opening). */
  synced: boolean;
  /** For `closed`: the close code and the server's reason (a catalogue code such as WR_ERR_FORBIDDEN). */
  closed?: { code: number; reason: string };
}

export interface ScriptConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  status(): ConnectionStatus;
  /** Calls `listener` on every status change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  destroy(): void;
}

/** The WebSocket base URL of the page's own origin (the HttpOnly session cookie goes along). */
export function scriptsSocketUrl(origin: string = location.origin): string {
  return `${origin.replace(/^http/, 'ws')}/ws/scripts`;
}

/**
 * Opens a script over the stock y-websocket provider, with opt-in Saved
 * acknowledgements (PROTOCOL.md §3): after every (re)connect it asks for them,
 * counts the document messages it sends on that socket, and compares that
 * count with the server's Saved(n).
 */
export function openScript(scriptId: string, baseUrl: string = scriptsSocketUrl()): ScriptConnection {
  const doc = new Y.Doc();
  let status: ConnectionStatus = { state: 'connecting', synced: false };
  const listeners = new Set<() => void>();
  // Per connection (PROTOCOL.md §3): reset whenever a new socket is made.
  let sent = 0;
  let acknowledged: number | null = null;
  let everSynced = false;
  let connected = false;
  let terminal: { code: number; reason: string } | undefined;

  const provider = new WebsocketProvider(baseUrl, scriptId, doc, {
    disableBc: true,
    shouldReconnect: (event) => !isDoNotRetry(event.code),
  });

  function compute(): ConnectionStatus {
    if (terminal) return { state: 'closed', synced: everSynced, closed: terminal };
    if (!connected) return { state: everSynced ? 'offline' : 'connecting', synced: everSynced };
    if (!provider.synced) return { state: 'connecting', synced: everSynced };
    if (acknowledged === null) return { state: 'live', synced: everSynced };
    return { state: acknowledged >= sent ? 'saved' : 'saving', synced: everSynced };
  }

  function update(): void {
    const next = compute();
    if (next.state === status.state && next.synced === status.synced && next.closed === status.closed) return;
    status = next;
    for (const listener of listeners) listener();
  }

  /** Counts this socket's outgoing document messages by wrapping its `send`. */
  function instrument(socket: WebSocket): void {
    const send = socket.send.bind(socket);
    socket.send = (data) => {
      if (data instanceof Uint8Array && isCountedDocumentMessage(data)) {
        sent += 1;
        queueMicrotask(update);
      }
      send(data);
    };
  }

  let instrumented: WebSocket | null = null;
  provider.on('status', ({ status: providerStatus }) => {
    const socket = provider.ws;
    if (providerStatus === 'connecting' && socket && socket !== instrumented) {
      instrumented = socket;
      sent = 0;
      acknowledged = null;
      instrument(socket);
    }
    connected = providerStatus === 'connected';
    if (connected && socket) socket.send(encodeSaveAckRequest());
    update();
  });
  provider.on('sync', (isSynced) => {
    if (isSynced) everSynced = true;
    update();
  });
  provider.on('closed', (event) => {
    terminal = { code: event.code, reason: event.reason };
    update();
  });

  // The stock provider has no handler for Saved (it would log and drop it); register one.
  provider.messageHandlers[MessageType.Saved] = (_encoder: unknown, decoder: decoding.Decoder) => {
    const count = readSaved(decoder);
    acknowledged = Math.max(acknowledged ?? 0, count);
    update();
  };

  // The provider connects in its constructor, before our listeners existed: catch up on that socket.
  if (provider.ws && provider.ws !== instrumented) {
    instrumented = provider.ws;
    instrument(provider.ws);
  }

  return {
    doc,
    provider,
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      listeners.clear();
      provider.destroy();
      doc.destroy();
    },
  };
}

/** The words the status line shows. */
export function describeStatus(status: ConnectionStatus): string {
  switch (status.state) {
    case 'connecting':
      return 'Connecting…';
    case 'live':
      return 'Connected';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'offline':
      return 'Offline — reconnecting…';
    case 'closed':
      return `Disconnected${status.closed?.reason ? ` (${status.closed.reason})` : ''}`;
  }
}
