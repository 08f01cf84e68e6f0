import {
  CloseCode,
  encodeNoticeRequest,
  encodeSaveAckRequest,
  isCountedDocumentMessage,
  isDoNotRetry,
  MessageType,
  NOTICE_TOPICS,
  readNotice,
  readPermissionDenied,
  readSaved,
  type NoticeTopic,
  retryAfterSeconds,
} from '@writersroom/protocol';
import { SCREENPLAY_SCHEMA_VERSION } from '@writersroom/screenplay';
import * as decoding from 'lib0/decoding';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { keepOffline, type OfflineStore } from './offline-store.js';
import { reconnectDelayMs } from './reconnect-backoff.js';
import { freeColor } from './writer-color.js';

/**
 * What the writer sees about the connection to a script:
 * - connecting: opening (or reopening) the socket, or waiting for the first sync
 * - live: connected and synced, no save acknowledgement yet
 * - saving: some document messages sent on this connection are not durable yet
 * - saved: every document message sent on this connection is durable
 * - offline: the connection dropped; retrying (changes are kept in this browser)
 * - closed: the server refused for good (a do-not-retry close code, PROTOCOL.md §4)
 */
export type ConnectionState = 'connecting' | 'live' | 'saving' | 'saved' | 'offline' | 'closed';

export interface ConnectionStatus {
  state: ConnectionState;
  /**
   * The document holds the script as the server has it: synced since opening,
   * or kept in this browser from an earlier sync. Until then the editor must
   * not be editable (never a blank page over stored content).
   */
  hasServerState: boolean;
  /** For `closed`: the close code and the server's reason (a catalogue code such as WR_ERR_FORBIDDEN). */
  closed?: { code: number; reason: string };
  /**
   * The server said this writer may only view the script (y-websocket's
   * permission-denied): nothing sent from here will be stored.
   */
  readOnly: boolean;
}

/** Who this writer is to the others in the script (awareness `user`, drawn beside their caret). */
export interface Writer {
  name: string;
  color: string;
}

export interface OpenScriptOptions {
  /** Who is writing; `color` is their usual colour, changed while another writer in the script wears it. */
  writer: Writer;
  /**
   * The script's document generation (REST `generation`). Named to the server
   * on every connection: a copy of a replaced document is refused (4410)
   * instead of being merged back into its replacement.
   */
  generation: number;
  /**
   * Keeps this script's changes in IndexedDB across offline periods, in a
   * database per generation whose name starts with this prefix; none when omitted.
   */
  offlineStorePrefix?: string;
  baseUrl?: string;
}

export interface ScriptConnection {
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  status(): ConnectionStatus;
  /** Calls `listener` on every status change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Calls `listener` when the server says the script's comments or history
   * changed (read them again over REST), and after every reconnect, when
   * notices sent while offline were missed; returns the unsubscribe function.
   */
  onNotice(listener: (topic: NoticeTopic) => void): () => void;
  /** The socket is open: the server admitted this writer, so reading what `onNotice` announces will not be refused. */
  isOpen(): boolean;
  /** Closes the connection and deletes this browser's copy (after the server refused a change). */
  discardLocalState(): Promise<void>;
  destroy(): void;
}

/** The WebSocket base URL of the page's own origin (the HttpOnly session cookie goes along). */
export function scriptsSocketUrl(origin: string = location.origin): string {
  return `${origin.replace(/^http/, 'ws')}/ws/scripts`;
}

/**
 * Close codes saying the server refused something this browser's document
 * holds (a change, or the whole copy: 4410, a replaced document). Retrying
 * would send it again; only reloading from the server without the local copy
 * gets the writer back to work. Not 4400: a malformed frame is a client bug,
 * and dropping the copy for it would lose the writer's offline edits.
 */
export function isRefusedLocalState(code: number): boolean {
  return (
    code === CloseCode.UpdateRejected ||
    code === CloseCode.MessageTooLarge ||
    code === CloseCode.StaleDocument ||
    code === CloseCode.DocumentTooLarge
  );
}

/**
 * Opens a script over the stock y-websocket provider, with:
 * - opt-in Saved acknowledgements (PROTOCOL.md §3): after every (re)connect it
 *   asks for them, counts the document messages it sends on that socket, and
 *   compares that count with the server's Saved(n);
 * - its own reconnect schedule (exponential backoff with jitter), stopping on
 *   do-not-retry close codes;
 * - an optional IndexedDB copy, so offline edits survive until they are sent.
 */
export function openScript(scriptId: string, options: OpenScriptOptions): ScriptConnection {
  const doc = new Y.Doc();
  let status: ConnectionStatus = { state: 'connecting', hasServerState: false, readOnly: false };
  const listeners = new Set<() => void>();
  const noticeListeners = new Set<(topic: NoticeTopic) => void>();
  // Per connection (PROTOCOL.md §3): reset whenever a new socket is made.
  let sent = 0;
  let acknowledged: number | null = null;
  let hasServerState = false;
  let connected = false;
  let terminal: { code: number; reason: string } | undefined;
  let readOnly = false;
  let failedAttempts = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let destroyed = false;

  const provider = new WebsocketProvider(options.baseUrl ?? scriptsSocketUrl(), scriptId, doc, {
    disableBc: true,
    // The schema this client was built with: an older one is refused (4426) before it could delete elements it does not know.
    params: { generation: String(options.generation), schema: String(SCREENPLAY_SCHEMA_VERSION) },
    // The stock provider's backoff has no jitter: returning false hands every
    // server-side close to our own schedule (a `closed` event follows).
    shouldReconnect: (event) => {
      // A rate limit names how long to wait (PROTOCOL.md §4, 4429): never come back sooner.
      if (!isDoNotRetry(event.code)) scheduleReconnect(1000 * (retryAfterSeconds(event.reason) ?? 0));
      return false;
    },
  });
  presentAs(provider.awareness, options.writer);
  // After the provider: its update listener comes first, so a change is sent even if storing it fails.
  const offline: OfflineStore | null = options.offlineStorePrefix ? keepOffline(options.offlineStorePrefix, options.generation, doc) : null;

  function scheduleReconnect(atLeastMs: number): void {
    clearTimeout(retry);
    retry = setTimeout(
      () => {
        if (!destroyed && !terminal) provider.connect();
      },
      Math.max(atLeastMs, reconnectDelayMs(failedAttempts++)),
    );
  }

  function compute(): ConnectionStatus {
    const known = { hasServerState, readOnly };
    if (terminal) return { state: 'closed', ...known, closed: terminal };
    if (!connected) return { state: hasServerState ? 'offline' : 'connecting', ...known };
    if (!provider.synced) return { state: 'connecting', ...known };
    // A read-only connection's messages are never acknowledged: there is nothing to save.
    if (acknowledged === null || readOnly) return { state: 'live', ...known };
    return { state: acknowledged >= sent ? 'saved' : 'saving', ...known };
  }

  function update(): void {
    const next = compute();
    if (
      next.state === status.state &&
      next.hasServerState === status.hasServerState &&
      next.closed === status.closed &&
      next.readOnly === status.readOnly
    ) {
      return;
    }
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
    if (connected && socket) {
      socket.send(encodeSaveAckRequest());
      socket.send(encodeNoticeRequest());
      // Whatever changed while this page was away was announced to nobody it could hear.
      for (const listener of noticeListeners) for (const topic of NOTICE_TOPICS) listener(topic);
    }
    update();
  });
  provider.on('sync', (isSynced) => {
    if (isSynced) {
      hasServerState = true;
      failedAttempts = 0;
      offline?.markServerState();
    }
    update();
  });
  provider.on('closed', (event) => {
    if (!isDoNotRetry(event.code)) return;
    terminal = { code: event.code, reason: event.reason };
    update();
  });

  // The stock provider has no handler for Saved (it would log and drop it); register one.
  provider.messageHandlers[MessageType.Saved] = (_encoder: unknown, decoder: decoding.Decoder) => {
    const count = readSaved(decoder);
    acknowledged = Math.max(acknowledged ?? 0, count);
    update();
  };

  provider.messageHandlers[MessageType.Notice] = (_encoder: unknown, decoder: decoding.Decoder) => {
    const topic = readNotice(decoder);
    if (topic) for (const listener of noticeListeners) listener(topic);
  };

  // The stock handler only logs a permission-denied; the writer must see it and stop typing into the void.
  provider.messageHandlers[MessageType.Auth] = (_encoder: unknown, decoder: decoding.Decoder) => {
    if (readPermissionDenied(decoder) === undefined) return;
    readOnly = true;
    update();
  };

  // The provider connects in its constructor, before our listeners existed: catch up on that socket.
  if (provider.ws && provider.ws !== instrumented) {
    instrumented = provider.ws;
    instrument(provider.ws);
  }

  // A copy kept from an earlier sync is the script as this browser last saw it, edits included: editable offline.
  void offline?.loaded.then((heldServerState) => {
    if (!heldServerState || destroyed) return;
    hasServerState = true;
    update();
  });

  function destroy(): void {
    destroyed = true;
    clearTimeout(retry);
    listeners.clear();
    noticeListeners.clear();
    provider.destroy();
    offline?.destroy();
    doc.destroy();
  }

  return {
    doc,
    provider,
    status: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
    isOpen() {
      return connected && !terminal;
    },
    async discardLocalState() {
      destroyed = true;
      provider.destroy();
      await offline?.discard();
      destroy();
    },
    destroy,
  };
}

/**
 * Publishes the writer in the awareness `user` field, in a colour no writer
 * with a lower client id is wearing. Client ids are random, so a writer may
 * change colour when someone joins; but each client decides the same way, so
 * everyone settles on distinct colours without talking it over.
 */
function presentAs(awareness: WebsocketProvider['awareness'], writer: Writer): void {
  const claim = () => {
    const taken = new Set<string>();
    for (const [clientId, state] of awareness.getStates()) {
      const color = (state as { user?: Partial<Writer> }).user?.color;
      if (clientId < awareness.clientID && typeof color === 'string') taken.add(color);
    }
    const color = freeColor(writer.color, taken);
    const current = (awareness.getLocalState() as { user?: Writer } | null)?.user;
    if (current?.color !== color || current.name !== writer.name) awareness.setLocalStateField('user', { ...writer, color });
  };
  awareness.on('change', claim);
  claim();
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
      return 'Offline — changes are kept in this browser';
    case 'closed':
      return describeClose(status.closed);
  }
}

/** Why the server closed for good, in a writer's words (the catalogue code is for operators). */
const CLOSE_REASONS: Readonly<Record<number, string>> = {
  [CloseCode.Unauthenticated]: 'Signed out — sign in again to keep writing; changes made here are kept in this browser',
  [CloseCode.Forbidden]: 'You no longer have access to this script',
  [CloseCode.ScriptNotFound]: 'This script was deleted',
  [CloseCode.ScriptDamaged]: 'This script is damaged and needs an administrator to repair it; nothing was changed',
  [CloseCode.MessageTooLarge]: 'A change was too big to send',
  [CloseCode.DocumentTooLarge]: 'This script has reached its size limit: delete something, or split it into several scripts',
  [CloseCode.ClientOutdated]: 'WritersRoom has been updated: reload this page to keep writing; changes made here are kept in this browser',
};

function describeClose(closed: ConnectionStatus['closed']): string {
  if (!closed) return 'Disconnected';
  return CLOSE_REASONS[closed.code] ?? `Disconnected (${closed.reason || closed.code})`;
}
