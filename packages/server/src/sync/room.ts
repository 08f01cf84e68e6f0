import { encodeAwareness, encodeUpdate } from '@writersroom/protocol';
import { findSchemaViolations, type ProsemirrorJson, type TitlePage } from '@writersroom/screenplay';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WritersRoomError } from '../errors.js';
import { DocumentSizeBudget } from '../limits/document-size-budget.js';
import { contentChange } from '../maintenance/content-change.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ScriptId } from '../storage/storage.js';
import { FAN_OUT_ORIGIN, isLocalEdit, originOf, type LocalEditOrigin, type TransactionOrigin } from './origins.js';

/** What a room needs of a connection: an id to skip echoes, a way to send, and its presence ids. */
export interface RoomMember {
  readonly id: number;
  /** Awareness client ids set through this member; the room keeps it current. */
  readonly awarenessClientIds: Set<number>;
  send(message: Uint8Array): void;
}

/** An edit that arrived at this process and changed the document: what the sinks (persist, project, fan-out) receive. */
export interface LocalChange {
  readonly scriptId: ScriptId;
  readonly update: Uint8Array;
  readonly origin: LocalEditOrigin;
}

/**
 * A consumer of a room's local changes, called synchronously, in document
 * order. A returned promise is part of the change's durability: `Saved` for
 * it waits until every sink's promise settled (the persist sink's resolves
 * once the row is committed).
 */
export type ChangeSink = (change: LocalChange) => Promise<void> | void;

/** A consumer of the awareness changes of this process's own writers (the fan-out publishes them). */
export type AwarenessSink = (update: Uint8Array) => void;

/** The origin of awareness states that writers connected to another process set. */
class RemoteProcessOrigin {
  constructor(readonly processId: string) {}
}

/** The origin of the removal of a member's states as it leaves: a change of this process's own writers. */
const MEMBER_LEFT = Symbol('member left');

/** Outcome of applying a client's update. */
export type ApplyResult = 'applied' | 'incomplete';

export interface RoomOptions {
  scriptId: ScriptId;
  doc: Y.Doc;
  /**
   * The script's document generation when `doc` was loaded (storage
   * [ST36]). It is not re-read while the room stays loaded: an operator
   * replaces documents with nobody connected, and a document replaced under a
   * loaded room would be stale whatever it is stamped with.
   */
  generation: number;
  /** Largest encoded size of the document (MAX_DOCUMENT_BYTES); changes that would grow it past are refused. */
  maxDocumentBytes: number;
  /** `doc`'s whole state as one update, when storage already holds it so (OpenedDocument.fullState). */
  fullState?: Uint8Array;
  metrics: Metrics;
  logger: Logger;
}

/**
 * One loaded script: its document, its awareness, and the connections editing
 * it. Every change to the document, whatever its origin, is broadcast to the
 * members (except the one it came from). Edits that arrived at this process
 * are also handed to the room's sinks; the room does not know what they do.
 */
export class Room {
  readonly scriptId: ScriptId;
  readonly doc: Y.Doc;
  readonly generation: number;
  readonly awareness: awarenessProtocol.Awareness;
  private readonly members = new Set<RoomMember>();
  private readonly sinks: ChangeSink[] = [];
  private readonly awarenessSinks: AwarenessSink[] = [];
  /** Awareness client ids set by writers on other processes, by process. */
  private readonly remotePresence = new Map<string, Set<number>>();
  /** Settles when the latest local change is durable; sinks make changes durable in order. */
  private lastChangeSettled: Promise<void> = Promise.resolve();
  /**
   * Settles when every change from other processes applied here so far is
   * stored ([SY35]); undefined when none is waiting. One chained promise, not
   * a set: a burst from other processes would make every Saved wait on
   * thousands of promises at once.
   */
  private remoteSettled: Promise<void> | undefined;
  /** The whole document as one update, kept until the next change: new clients ask for exactly this. */
  private fullStateCache: Uint8Array | undefined;
  private readonly metrics: Metrics;
  private readonly logger: Logger;
  private readonly size: DocumentSizeBudget;

  constructor(options: RoomOptions) {
    ({ scriptId: this.scriptId, doc: this.doc, generation: this.generation, metrics: this.metrics, logger: this.logger } = options);
    this.size = new DocumentSizeBudget(this.doc, options.maxDocumentBytes);
    this.fullStateCache = options.fullState;
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    // The server has no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get memberCount(): number {
    return this.members.size;
  }

  /** Adds a consumer of every later local change (the registry wires persist, project, fan-out). */
  addSink(sink: ChangeSink): void {
    this.sinks.push(sink);
  }

  /** Adds a consumer of every later awareness change of this process's own writers. */
  addAwarenessSink(sink: AwarenessSink): void {
    this.awarenessSinks.push(sink);
  }

  join(member: RoomMember): void {
    this.members.add(member);
  }

  /** Whether a member other than `member` set the awareness state of `clientId`. */
  awarenessSetElsewhere(clientId: number, member: RoomMember): boolean {
    for (const other of this.members) if (other !== member && other.awarenessClientIds.has(clientId)) return true;
    for (const ids of this.remotePresence.values()) if (ids.has(clientId)) return true;
    return false;
  }

  /** Removes a member and the awareness states it set (so the others see it leave). */
  leave(member: RoomMember): void {
    this.members.delete(member);
    const ids = Array.from(member.awarenessClientIds);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, MEMBER_LEFT);
  }

  /**
   * Applies an update another process applied ([SY34]): broadcast to the
   * members, never stored or published again. Missing predecessors are not
   * kept pending in memory: 'incomplete' tells the caller to catch up from
   * storage, which holds them once their commits are announced.
   */
  applyRemoteUpdate(update: Uint8Array): ApplyResult {
    return this.applyKeepingNothingPending(update, FAN_OUT_ORIGIN);
  }

  /**
   * Applies stored rows (a catch-up, [SY36]) in one transaction with the
   * fan-out origin; what this copy already holds changes nothing. Returns
   * whether anything was new.
   */
  applyStoredRows(updates: Uint8Array[]): boolean {
    let changed = false;
    const noteChange = () => {
      changed = true;
    };
    this.doc.on('update', noteChange);
    try {
      this.doc.transact(() => {
        for (const update of updates) this.applyRemoteUpdate(update);
      }, FAN_OUT_ORIGIN);
    } finally {
      this.doc.off('update', noteChange);
    }
    return changed;
  }

  /** Presence of writers connected to another process, remembered as theirs so it can leave with that process. */
  applyRemoteAwareness(update: Uint8Array, processId: string): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, new RemoteProcessOrigin(processId));
  }

  removeRemotePresence(processId: string): void {
    const ids = this.remotePresence.get(processId);
    this.remotePresence.delete(processId);
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(ids), new RemoteProcessOrigin(processId));
  }

  /** The states this process's own writers set, as one awareness update; undefined when there are none. */
  localAwareness(): Uint8Array | undefined {
    const states = this.awareness.getStates();
    const ids: number[] = [];
    for (const member of this.members) for (const id of member.awarenessClientIds) if (states.has(id)) ids.push(id);
    return ids.length === 0 ? undefined : awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
  }

  /**
   * Applies an update sent by a client. Bytes that are not one whole Yjs V1
   * update throw WR_ERR_MALFORMED_MESSAGE, and content the screenplay schema
   * does not know (element types, attributes, marks, other root types) throws
   * WR_ERR_UPDATE_REJECTED, both before anything is applied. An update whose
   * predecessors this document lacks is not kept pending in server memory:
   * its integrable part is applied (and stored), the rest is dropped and the
   * result is 'incomplete', so the caller asks the client to sync again and
   * send what is missing.
   */
  applyClientUpdate(update: Uint8Array, origin: Extract<TransactionOrigin, { kind: 'client' }>): ApplyResult {
    let violations: string[];
    try {
      // Decoding it in full first means a malformed update is refused whole, never half-applied.
      // With the document, the guard also sees writes placed next to content it already has.
      violations = findSchemaViolations(update, this.doc);
    } catch (error) {
      throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', 'The update is not a valid Yjs V1 update.', { cause: error });
    }
    if (violations.length > 0) {
      this.metrics.messagesRejected.inc({ reason: 'schema_violation' });
      throw new WritersRoomError('WR_ERR_UPDATE_REJECTED', `The change does not fit the screenplay format: ${violations.join('; ')}.`);
    }
    this.assertRoomFor(update);
    if (this.applyKeepingNothingPending(update, origin) === 'applied') return 'applied';
    this.metrics.messagesRejected.inc({ reason: 'missing_predecessor' });
    this.logger.warn({ scriptId: this.scriptId, origin }, 'update with missing predecessors; asking the client to resync');
    return 'incomplete';
  }

  /** Applies `update` as far as it integrates; the rest is dropped, never kept pending in server memory ([SY11]). */
  private applyKeepingNothingPending(update: Uint8Array, origin: TransactionOrigin): ApplyResult {
    const store = this.doc.store;
    Y.applyUpdate(this.doc, update, origin);
    if (store.pendingStructs === null && store.pendingDs === null) return 'applied';
    store.pendingStructs = null;
    store.pendingDs = null;
    return 'incomplete';
  }

  /**
   * Replaces the script's content with `document` as the smallest change that
   * gets there, so concurrent edits elsewhere in the script survive (REST
   * writes: legacy autosave, import; a restore from history, which passes
   * the title page too: fields it lacks are cleared). One transaction, so
   * one row and one undo step.
   */
  replaceContent(document: ProsemirrorJson, origin: Extract<TransactionOrigin, { kind: 'rest' }>, titlePage?: TitlePage): void {
    // Computed on a copy first, so a change past the size limit is refused before it touches the room.
    const change = contentChange(this.doc, document, titlePage);
    if (change === undefined) return;
    this.assertRoomFor(change);
    Y.applyUpdate(this.doc, change, origin);
  }

  /**
   * @throws WR_ERR_DOCUMENT_TOO_LARGE when `update` adds content and the
   *   document would pass MAX_DOCUMENT_BYTES. A change that only deletes (a
   *   V1 update whose first byte, its count of struct groups, is 0) always
   *   passes, so writers at the limit can make room.
   */
  private assertRoomFor(update: Uint8Array): void {
    if (update[0] === 0 || this.size.allows(update.byteLength)) return;
    this.metrics.messagesRejected.inc({ reason: 'document_too_large' });
    const limitMiB = (this.size.maxBytes / 1024 / 1024).toFixed(1);
    throw new WritersRoomError('WR_ERR_DOCUMENT_TOO_LARGE', `This script has reached its size limit (${limitMiB} MiB); delete something or split it into several scripts.`);
  }

  /**
   * What a client with the given state vector lacks, as one update. A client
   * that has nothing (every fresh page load, every reconnect storm) gets the
   * cached full state instead of a new encoding of the whole script.
   */
  missingFrom(stateVector: Uint8Array): Uint8Array {
    if (Y.decodeStateVector(stateVector).size > 0) return Y.encodeStateAsUpdate(this.doc, stateVector);
    this.fullStateCache ??= Y.encodeStateAsUpdate(this.doc);
    return this.fullStateCache;
  }

  /**
   * Resolves when every change made so far is durable. Because the sinks
   * make local changes durable in order, this is the durability point of
   * the latest one, whichever connection made it, and of every change from
   * another process not yet known to be committed.
   */
  writesSettled(): Promise<void> {
    if (this.remoteSettled === undefined) return this.lastChangeSettled;
    return Promise.all([this.lastChangeSettled, this.remoteSettled]).then(() => undefined);
  }

  /**
   * A change from another process applied here is durable once `stored`
   * settles: until then, `writesSettled()` waits for it too, so a writer's
   * message that brought nothing new because of it is not yet Saved ([SY35]).
   */
  holdUntilStored(stored: Promise<void>): void {
    const settled: Promise<void> = Promise.all([this.remoteSettled, stored]).then(() => {
      if (this.remoteSettled === settled) this.remoteSettled = undefined;
    });
    this.remoteSettled = settled;
  }

  broadcast(message: Uint8Array, exceptId?: number): void {
    for (const member of this.members) {
      if (member.id !== exceptId) member.send(message);
    }
  }

  destroy(): void {
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, rawOrigin: unknown): void => {
    this.fullStateCache = undefined;
    this.size.record(update.byteLength);
    const origin = originOf(rawOrigin);
    if (origin === undefined) {
      // Every transaction of the server names its origin; one that does not is our bug, and storing it could store anything.
      this.logger.error({ scriptId: this.scriptId, origin: String(rawOrigin) }, 'a document change without a known origin was not stored');
      this.broadcast(encodeUpdate(update));
      return;
    }
    this.broadcast(encodeUpdate(update), origin.kind === 'client' ? origin.connectionId : undefined);
    if (!isLocalEdit(origin)) return;
    const change: LocalChange = { scriptId: this.scriptId, update, origin };
    const pending = this.sinks.map((sink) => sink(change));
    this.lastChangeSettled = Promise.all(pending).then(() => undefined);
  };

  private rememberRemote(processId: string, clientIds: number[]): void {
    if (clientIds.length === 0) return;
    let ids = this.remotePresence.get(processId);
    if (!ids) this.remotePresence.set(processId, (ids = new Set()));
    for (const id of clientIds) ids.add(id);
  }

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = added.concat(updated, removed);
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    for (const ids of this.remotePresence.values()) for (const id of removed) ids.delete(id);
    if (origin instanceof RemoteProcessOrigin) {
      this.rememberRemote(origin.processId, added.concat(updated));
    } else if (this.members.has(origin as RoomMember) || origin === MEMBER_LEFT) {
      if (origin !== MEMBER_LEFT) {
        const member = origin as RoomMember;
        for (const id of added.concat(updated)) member.awarenessClientIds.add(id);
        for (const id of removed) member.awarenessClientIds.delete(id);
      }
      for (const sink of this.awarenessSinks) sink(update);
    }
    this.broadcast(encodeAwareness(update));
  };
}
