import {
  decodeClientFrame,
  decodeServerFrame,
  encodeSaveAckRequest,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  isCountedDocumentMessage,
} from '@writersroom/protocol';
import { DOCUMENT_FRAGMENT, ELEMENT_TYPES } from '@writersroom/screenplay';
import * as prng from 'lib0/prng';
import * as Y from 'yjs';

/** Origin of what a simulated writer received from the server: never sent back. */
const FROM_SERVER = Symbol('from-server');

const MARKS = ['bold', 'italic', 'underline'] as const;

/** The client end of a connection: where a writer's frames go. */
export interface ClientLink {
  send(frame: Uint8Array): void;
}

/**
 * A writer's browser as the sync core sees it, without a socket or a timer:
 * a Y.Doc and the client half of the protocol, as y-websocket's provider
 * speaks it (SyncStep1 on connect, SyncStep2 in answer to the server's,
 * every local change sent as an Update while connected), plus the opt-in
 * Saved acknowledgements. Edits made while disconnected stay in the doc and
 * travel in the next SyncStep2, as offline edits do.
 */
export class SimulatedWriter {
  readonly doc = new Y.Doc();
  /** Every update whose document message the server acknowledged as durable (Saved), across connections. */
  readonly acknowledged: Uint8Array[] = [];
  private link: ClientLink | undefined;
  /** This connection's document messages in the order sent, for matching Saved(n). */
  private sentThisConnection: Uint8Array[] = [];
  private savedThisConnection = 0;

  constructor(
    readonly name: string,
    clientId: number,
  ) {
    this.doc.clientID = clientId;
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER && this.link) this.send(encodeUpdate(update));
    });
  }

  get connected(): boolean {
    return this.link !== undefined;
  }

  connect(link: ClientLink): void {
    this.link = link;
    this.sentThisConnection = [];
    this.savedThisConnection = 0;
    this.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    this.send(encodeSaveAckRequest());
  }

  disconnected(): void {
    this.link = undefined;
  }

  receive(frame: Uint8Array): void {
    const message = decodeServerFrame(frame);
    switch (message.type) {
      case 'sync-step-1':
        this.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case 'sync-step-2':
      case 'update':
        Y.applyUpdate(this.doc, message.update, FROM_SERVER);
        return;
      case 'saved':
        for (let i = this.savedThisConnection; i < message.durableMessages; i++) {
          const update = this.sentThisConnection[i];
          if (update === undefined) throw new Error(`${this.name}: Saved(${message.durableMessages}) for ${this.sentThisConnection.length} messages sent`);
          this.acknowledged.push(update);
        }
        this.savedThisConnection = Math.max(this.savedThisConnection, message.durableMessages);
        return;
      case 'awareness':
        return;
      case 'permission-denied':
        throw new Error(`${this.name} was refused as a viewer: ${message.reason}`);
    }
  }

  /** One random edit a writer could make in the editor, valid in the screenplay schema. */
  edit(gen: prng.PRNG): void {
    const fragment = this.doc.getXmlFragment(DOCUMENT_FRAGMENT);
    this.doc.transact(() => {
      const elements = fragment.toArray().filter((node): node is Y.XmlElement => node instanceof Y.XmlElement);
      const roll = prng.real53(gen);
      if (elements.length === 0 || roll < 0.15) {
        const element = new Y.XmlElement(prng.oneOf(gen, [...ELEMENT_TYPES]));
        element.insert(0, [new Y.XmlText(prng.word(gen, 1, 8))]);
        fragment.insert(prng.int32(gen, 0, fragment.length), [element]);
        return;
      }
      const element = prng.oneOf(gen, elements);
      const text = element.get(0);
      if (!(text instanceof Y.XmlText)) return;
      if (roll < 0.6) {
        text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 6));
      } else if (roll < 0.8 && text.length > 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        text.delete(at, prng.int32(gen, 1, text.length - at));
      } else if (roll < 0.9 && elements.length > 1) {
        fragment.delete(fragment.toArray().indexOf(element), 1);
      } else if (text.length > 0) {
        const at = prng.int32(gen, 0, text.length - 1);
        text.format(at, prng.int32(gen, 1, text.length - at), { [prng.oneOf(gen, [...MARKS])]: prng.bool(gen) ? {} : null });
      }
    });
  }

  private send(frame: Uint8Array): void {
    if (!this.link) return;
    if (isCountedDocumentMessage(frame)) {
      const message = decodeClientFrame(frame);
      if (message.type === 'sync-step-2' || message.type === 'update') this.sentThisConnection.push(message.update);
    }
    this.link.send(frame);
  }
}
