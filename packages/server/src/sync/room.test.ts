import { decodeServerFrame, type ServerFrame } from '@writersroom/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics.js';
import { blankRoom } from '../../test/support/blank-script.js';
import { deferred, hasSettled } from '../../test/support/deferred.js';
import { counterValue } from '../../test/support/counter-value.js';
import { presenceSeenIn, presenceUpdate } from '../../test/support/presence.js';
import { line, text } from '../../test/support/providers.js';
import { typeInto, updateOf, writerCopy } from '../../test/support/writer-edits.js';
import {
  COMPACTION_ORIGIN,
  FAN_OUT_ORIGIN,
  INSPECT_ORIGIN,
  LOAD_ORIGIN,
  REPAIR_ORIGIN,
  SEED_ORIGIN,
  authorOf,
  type TransactionOrigin,
} from './origins.js';
import type { LocalChange, Room } from './room.js';

const ADA = { kind: 'client', connectionId: 1, userId: 'user-ada' } as const;

/** A member standing in for a connection: what the room sends it, decoded. */
function member(id: number) {
  const frames: ServerFrame[] = [];
  return { id, awarenessClientIds: new Set<number>(), frames, send: (message: Uint8Array) => void frames.push(decodeServerFrame(message)) };
}

/** The document updates a member was sent. */
function updatesTo(recipient: ReturnType<typeof member>): Uint8Array[] {
  return recipient.frames.flatMap((frame) => (frame.type === 'update' ? [frame.update] : []));
}

/** Records every change the room hands its sinks, as `[sink name, change]` in call order. */
function recordSinks(room: Room, names: string[]): Array<[string, LocalChange]> {
  const calls: Array<[string, LocalChange]> = [];
  for (const name of names) room.addSink((change) => void calls.push([name, change]));
  return calls;
}

describe('Room', () => {
  it('[SY7] broadcasts a client change to every member but its sender, and hands it to each sink in order with its origin', () => {
    const room = blankRoom();
    const [sender, ben, cleo] = [member(ADA.connectionId), member(2), member(3)];
    for (const m of [sender, ben, cleo]) room.join(m);
    const calls = recordSinks(room, ['persist', 'project']);
    const writer = writerCopy(room.doc, 11);

    room.applyClientUpdate(typeInto(writer, 'Hello'), ADA);
    room.applyClientUpdate(typeInto(writer, ' world', 5), ADA);

    // Fails if the room echoes a change to the member it came from.
    expect(sender.frames).toEqual([]);
    // Fails if the sinks are called in another order than they were added, or a change is handed over twice.
    expect(calls.map(([name, change]) => [name, change.origin, change.scriptId])).toEqual([
      ['persist', ADA, room.scriptId],
      ['project', ADA, room.scriptId],
      ['persist', ADA, room.scriptId],
      ['project', ADA, room.scriptId],
    ]);
    const sunk = calls.filter(([name]) => name === 'persist').map(([, change]) => change.update);
    expect(updatesTo(ben)).toEqual(sunk);
    expect(updatesTo(cleo)).toEqual(sunk);
    expect(text(room.doc)).toBe('Hello world');
  });

  it('[SY23] hands a REST replacement to the sinks as an edit by its writer, and broadcasts it to every member', () => {
    const room = blankRoom();
    const ben = member(2);
    room.join(ben);
    const calls = recordSinks(room, ['persist']);
    const origin = { kind: 'rest', userId: 'user-ada' } as const;

    room.replaceContent({ type: 'doc', content: [{ type: 'action', content: [{ type: 'text', text: 'INT. KITCHEN' }] }] }, origin);

    expect(calls.map(([, change]) => change.origin)).toEqual([origin]);
    expect(updatesTo(ben)).toHaveLength(1);
    expect(text(room.doc)).toBe('INT. KITCHEN');
  });

  const notLocal: Array<[string, TransactionOrigin]> = [
    ['load', LOAD_ORIGIN],
    ['seed', SEED_ORIGIN],
    ['repair', REPAIR_ORIGIN],
    ['compaction', COMPACTION_ORIGIN],
    ['inspect', INSPECT_ORIGIN],
    ['fan-out', FAN_OUT_ORIGIN],
  ];
  it.each(notLocal)('[SY7] broadcasts a change of origin %s to every member but never hands it to the sinks', (_kind, origin) => {
    const room = blankRoom();
    const ben = member(2);
    room.join(ben);
    const calls = recordSinks(room, ['persist']);

    Y.applyUpdate(room.doc, typeInto(writerCopy(room.doc, 11), 'Hello'), origin);

    expect(updatesTo(ben)).toHaveLength(1);
    // Fails if the room hands changes that are not local edits (load, fan-out…) to the sinks.
    expect(calls).toEqual([]);
  });

  it('[SY7] broadcasts a change of an unknown origin but stores none of it, and reports it as a bug', () => {
    const logger = createLogger('silent');
    const error = vi.spyOn(logger, 'error');
    const room = blankRoom({ logger });
    const ben = member(2);
    room.join(ben);
    const calls = recordSinks(room, ['persist']);

    Y.applyUpdate(room.doc, typeInto(writerCopy(room.doc, 11), 'Hello'), 'a plugin nobody told us about');

    expect(updatesTo(ben)).toHaveLength(1);
    // Fails if a transaction of unknown origin is stored as if it were an edit.
    expect(calls).toEqual([]);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("[SY7] hands Yjs's formatting cleanup, a transaction without origin, to the sinks as cleanup, attributed to nobody", () => {
    const room = blankRoom();
    room.applyClientUpdate(typeInto(writerCopy(room.doc, 10), 'hello world'), ADA);
    const [ada, ben] = [writerCopy(room.doc, 11), writerCopy(room.doc, 22)];
    const calls = recordSinks(room, ['persist']);

    // Both writers bold the same word at once: merging the second leaves redundant marks that Yjs removes.
    room.applyClientUpdate(boldFirstWord(ada), ADA);
    room.applyClientUpdate(boldFirstWord(ben), { ...ADA, connectionId: 2 });

    const cleanups = calls.filter(([, change]) => change.origin.kind === 'cleanup');
    // Fails if the room (or originOf) treats the cleanup's null origin as anything but a local edit.
    expect(cleanups).toHaveLength(1);
    expect(authorOf(cleanups[0]![1].origin)).toBeNull();
  });

  it('writesSettled() resolves only once every sink has settled its promise for the latest change', async () => {
    const room = blankRoom();
    const commit = deferred();
    const project = deferred();
    room.addSink(() => undefined);
    room.addSink(() => commit.promise);
    room.addSink(() => project.promise);

    room.applyClientUpdate(typeInto(writerCopy(room.doc, 11), 'Hello'), ADA);
    const settled = room.writesSettled();

    expect(await hasSettled(settled)).toBe(false);
    commit.resolve();
    // Fails if writesSettled() waits for only one of the sinks' promises.
    expect(await hasSettled(settled)).toBe(false);
    project.resolve();
    expect(await hasSettled(settled)).toBe(true);
  });

  const refusals: Array<[string, string, (writer: Y.Doc, room: Room) => Uint8Array]> = [
    ['bytes that are not a Yjs update', 'WR_ERR_MALFORMED_MESSAGE', () => Uint8Array.of(0xff, 0xff, 0xff)],
    ['a whole update followed by left-over bytes', 'WR_ERR_MALFORMED_MESSAGE', (writer) => Uint8Array.from([...typeInto(writer, 'Hello'), 0])],
    [
      'a Yjs V2 update',
      'WR_ERR_MALFORMED_MESSAGE',
      (writer, room) => {
        typeInto(writer, 'Hello');
        return Y.encodeStateAsUpdateV2(writer, Y.encodeStateVector(room.doc));
      },
    ],
    [
      'an element the screenplay schema does not know',
      'WR_ERR_UPDATE_REJECTED',
      (writer) => updateOf(writer, () => writer.getXmlFragment('default').insert(1, [new Y.XmlElement('madeUp')])),
    ],
  ];
  it.each(refusals)('[SY6] [SY21] applyClientUpdate refuses %s with %s, before applying any of it', (_what, code, bytes) => {
    const room = blankRoom();
    const ben = member(2);
    room.join(ben);
    const calls = recordSinks(room, ['persist']);
    const before = Y.encodeStateAsUpdate(room.doc);

    // Fails if the room applies an update before decoding it in full and checking it against the schema,
    // or lets the decoder's own error through instead of the catalogue's.
    expect(() => room.applyClientUpdate(bytes(writerCopy(room.doc, 11), room), ADA)).toThrow(expect.objectContaining({ code }));

    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    expect(ben.frames).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('[SY11] applies an update with missing predecessors only as far as it can, keeps nothing pending, and says it is incomplete', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const room = blankRoom({ metrics });
    const calls = recordSinks(room, ['persist']);
    const ada = writerCopy(room.doc, 11);
    typeInto(ada, 'Hello');
    const needsHello = typeInto(ada, ' world', 5);
    const independent = typeInto(writerCopy(room.doc, 22), 'INT. ');

    const result = room.applyClientUpdate(Y.mergeUpdates([independent, needsHello]), ADA);

    expect(result).toBe('incomplete');
    expect(text(room.doc)).toBe('INT. ');
    // Fails if the room keeps the part it could not integrate pending in memory.
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.doc.store.pendingDs).toBeNull();
    expect(calls).toHaveLength(1);
    expect(await counterValue(metrics.messagesRejected, { reason: 'missing_predecessor' })).toBe(1);

    // What the client sends in answer to the server's SyncStep1 completes it.
    expect(room.applyClientUpdate(Y.encodeStateAsUpdate(ada, Y.encodeStateVector(room.doc)), ADA)).toBe('applied');
    expect(text(room.doc)).toContain('Hello world');
  });

  it('refuses a change that would grow the document past maxDocumentBytes before applying it, and takes one that only deletes', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const ada = writerCopy(blankRoom().doc, 11);
    typeInto(ada, 'Every word up to the limit.');
    // A room loaded with a document exactly at its limit: not one byte more may be added.
    const room = blankRoom({ metrics, maxDocumentBytes: Y.encodeStateAsUpdate(ada).byteLength });
    Y.applyUpdate(room.doc, Y.encodeStateAsUpdate(ada), LOAD_ORIGIN);
    const calls = recordSinks(room, ['persist']);

    const more = typeInto(ada, ' One more.', text(ada).length);
    expect(() => room.applyClientUpdate(more, ADA)).toThrow(expect.objectContaining({ code: 'WR_ERR_DOCUMENT_TOO_LARGE' }));
    expect(text(room.doc)).toBe('Every word up to the limit.');
    expect(calls).toEqual([]);
    expect(await counterValue(metrics.messagesRejected, { reason: 'document_too_large' })).toBe(1);

    // Fails if a deletion is measured like growth: a writer at the limit could never make room.
    const trim = writerCopy(room.doc, 22);
    expect(room.applyClientUpdate(updateOf(trim, () => line(trim).delete(0, 11)), ADA)).toBe('applied');
    expect(text(room.doc)).toBe('up to the limit.');
    expect(calls).toHaveLength(1);
  });

  it('missingFrom() answers a client that has nothing with the cached full state, until the next change', () => {
    const room = blankRoom();
    const nothing = Y.encodeStateVector(new Y.Doc());
    const first = room.missingFrom(nothing);
    expect(room.missingFrom(nothing)).toBe(first);

    const writer = writerCopy(room.doc, 11);
    room.applyClientUpdate(typeInto(writer, 'Hello'), ADA);

    const after = room.missingFrom(nothing);
    // Fails if a change does not drop the cached full state (new clients would get a stale script).
    expect(after).not.toBe(first);
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, after);
    expect(text(fresh)).toBe('Hello');
    // A client that has some of it gets only the rest.
    const behind = writerCopy(room.doc, 22);
    room.applyClientUpdate(typeInto(writer, '!', 5), ADA);
    Y.applyUpdate(behind, room.missingFrom(Y.encodeStateVector(behind)));
    expect(text(behind)).toBe('Hello!');
  });

  it('[SY13] leave() removes the awareness states the member set, and the others see them go', () => {
    const room = blankRoom();
    const [ada, ben] = [member(1), member(2)];
    room.join(ada);
    room.join(ben);
    awarenessProtocol.applyAwarenessUpdate(room.awareness, presenceUpdate(77, { user: { name: 'Ada' } }), ada);
    expect(ada.awarenessClientIds).toEqual(new Set([77]));
    expect(room.awarenessSetElsewhere(77, ben)).toBe(true);
    expect(room.awarenessSetElsewhere(77, ada)).toBe(false);

    expect(presenceSeenIn(ben.frames).has(77)).toBe(true);

    room.leave(ada);

    expect(room.memberCount).toBe(1);
    // Fails if leave() forgets the member but keeps its caret in the room.
    expect(room.awareness.getStates().has(77)).toBe(false);
    expect(presenceSeenIn(ben.frames).has(77)).toBe(false);
  });

  it('[SY40] publishes only its own writers\' presence, and drops another process\'s writers when that process is gone', () => {
    const room = blankRoom();
    const ben = member(2);
    room.join(ben);
    const published: Uint8Array[] = [];
    room.addAwarenessSink((update) => void published.push(update));
    const ada = member(1);
    room.join(ada);
    awarenessProtocol.applyAwarenessUpdate(room.awareness, presenceUpdate(77, { user: { name: 'Ada' } }), ada);
    room.applyRemoteAwareness(presenceUpdate(88, { user: { name: 'Cy' } }), 'process-b');

    // Fails if a remote process's presence is published again (an echo between processes).
    expect(published).toHaveLength(1);
    expect(presenceSeenIn(ben.frames).has(88)).toBe(true);
    expect(room.awarenessSetElsewhere(88, ada)).toBe(true);
    expect(room.localAwareness()).toEqual(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [77]));

    room.removeRemotePresence('process-b');
    // Fails if removeRemotePresence forgets which states the process set.
    expect(room.awareness.getStates().has(88)).toBe(false);
    expect(presenceSeenIn(ben.frames).has(88)).toBe(false);
    expect(room.awareness.getStates().has(77)).toBe(true);
    expect(published).toHaveLength(1);

    room.leave(ada);
    // Its own writer leaving is published, so the other processes see the caret go.
    expect(published).toHaveLength(2);
  });

  it('[SY34] applies an update from another process without handing it to the sinks, and says when it lacks what the update builds on', () => {
    const room = blankRoom();
    const ben = member(2);
    room.join(ben);
    const calls = recordSinks(room, ['persist']);
    const writer = writerCopy(room.doc, 11);
    const first = typeInto(writer, 'Hello');
    const second = typeInto(writer, '!', 5);

    // Fails if the room keeps the unintegrable update pending (it would then apply later, unseen by a catch-up).
    expect(room.applyRemoteUpdate(second)).toBe('incomplete');
    expect(room.doc.store.pendingStructs).toBeNull();
    expect(room.applyStoredRows([first, second])).toBe(true);
    expect(room.applyStoredRows([first, second])).toBe(false);
    expect(text(room.doc)).toBe('Hello!');
    // Fails if a fan-out change is stored or published again.
    expect(calls).toEqual([]);
    expect(updatesTo(ben).length).toBeGreaterThan(0);
  });
});

/** The update of a writer bolding the first five characters of the first line. */
function boldFirstWord(doc: Y.Doc): Uint8Array {
  return updateOf(doc, () => line(doc).format(0, 5, { bold: {} }));
}
