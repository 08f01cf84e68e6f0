import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep, encodeSaveAckRequest, isCountedDocumentMessage, readSaved } from '@writersroom/protocol';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

/**
 * A minimal client that opts in to Saved acknowledgements and counts its
 * document messages as PROTOCOL.md §3 prescribes. Tests use it to know
 * exactly which edits the server promised are durable.
 */
export class SavingClient {
  readonly doc = new Y.Doc();
  private ws: WebSocket | undefined;
  private sent = 0;
  private saved = 0;
  private synced = false;
  private closeCode: number | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly url: string) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeUpdate(encoder, update);
      this.send(encoding.toUint8Array(encoder));
    });
  }

  /** Opens the socket and resolves once the server's SyncStep2 has been applied. */
  connect(): Promise<void> {
    this.sent = 0;
    this.saved = 0;
    this.synced = false;
    this.closeCode = undefined;
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.on('message', (data: Buffer) => this.onFrame(new Uint8Array(data)));
    ws.on('close', (code: number) => {
      this.closeCode = code;
      this.notify();
    });
    ws.on('open', () => {
      this.send(encodeSaveAckRequest());
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.send(encoding.toUint8Array(encoder));
    });
    return this.until(() => this.synced, 'synced');
  }

  /** Number of document messages sent / acknowledged as durable on this connection. */
  get counts(): { sent: number; saved: number } {
    return { sent: this.sent, saved: this.saved };
  }

  /** Resolves once every document message sent so far is acknowledged. */
  whenSaved(timeoutMs = 10_000): Promise<void> {
    return this.until(() => this.saved === this.sent, 'saved', timeoutMs);
  }

  /** Sends the whole document as one update, as a client that cannot tell what the server has would. */
  sendFullState(): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(this.doc));
    this.send(encoding.toUint8Array(encoder));
  }

  /** Resolves with the close code once the server (or `close`) has closed the socket. */
  async closed(timeoutMs = 10_000): Promise<number> {
    await this.until(() => this.closeCode !== undefined, 'closed', timeoutMs);
    return this.closeCode!;
  }

  close(): void {
    this.ws?.close();
  }

  private send(frame: Uint8Array): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    if (isCountedDocumentMessage(frame)) this.sent += 1;
    this.ws.send(frame);
  }

  private onFrame(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Saved) {
      this.saved = readSaved(decoder);
    } else if (type === MessageType.Sync) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      const step = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (step === SyncStep.Step2) this.synced = true;
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`not ${what} within ${timeoutMs} ms (sent ${this.sent}, saved ${this.saved})`));
      }, timeoutMs);
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.listeners.delete(check);
        resolve();
      };
      this.listeners.add(check);
    });
  }
}
