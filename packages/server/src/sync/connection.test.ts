import {
  CloseCode,
  decodeServerFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSaveAckRequest,
  encodeSaved,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type ServerFrame,
} from '@writersroom/protocol';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Identity } from '../auth/authenticator.js';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics.js';
import type { Role } from '../storage/storage.js';
import { blankRoom, DEFAULT_LIMITS } from '../../test/support/blank-script.js';
import { deferred, settle, type Deferred } from '../../test/support/deferred.js';
import { counterValue } from '../../test/support/counter-value.js';
import { presenceSeenIn, presenceUpdate } from '../../test/support/presence.js';
import { text } from '../../test/support/providers.js';
import { typeInto, updateOf, writerCopy } from '../../test/support/writer-edits.js';
import { Connection, connectionLimits, type ConnectionTransport } from './connection.js';
import type { Room } from './room.js';

const ADA: Identity = {
  userId: 'user-ada',
  subject: 'dev:ada',
  displayName: 'Ada',
  email: 'ada@example.com',
  credential: 'header',
  expiresAt: new Date(Date.now() + 3_600_000),
};
const BEN: Identity = { ...ADA, userId: 'user-ben', subject: 'dev:ben', displayName: null, email: 'ben@example.com' };

/** The socket of a connection: what the server sent, decoded, and how it asked to close. */
class RecordingTransport implements ConnectionTransport {
  readonly sent: ServerFrame[] = [];
  readonly closes: Array<{ code: number; reason: string }> = [];

  send(frame: Uint8Array): void {
    this.sent.push(decodeServerFrame(frame));
  }

  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
  }

  of<T extends ServerFrame['type']>(type: T): Array<Extract<ServerFrame, { type: T }>> {
    return this.sent.filter((frame): frame is Extract<ServerFrame, { type: T }> => frame.type === type);
  }

  /** The n of every Saved(n) sent, in order. */
  get saved(): number[] {
    return this.of('saved').map((frame) => frame.durableMessages);
  }
}

/** A room whose persist sink holds each change until the test makes it durable, as a slow commit would. */
function roomWithDeferredPersist(): { room: Room; persisted: Deferred[] } {
  const room = blankRoom();
  const persisted: Deferred[] = [];
  room.addSink(() => {
    const row = deferred();
    persisted.push(row);
    return row.promise;
  });
  return { room, persisted };
}

let nextConnectionId = 1;

function connect(room: Room, options: { role?: Role; identity?: Identity } = {}) {
  const transport = new RecordingTransport();
  const onClose = vi.fn();
  const metrics = new Metrics({ processMetrics: false });
  const connection = new Connection({
    transport,
    room,
    context: { id: nextConnectionId++, identity: options.identity ?? ADA, role: options.role ?? 'editor', upgradeStartedAt: performance.now(), cold: false },
    limits: connectionLimits(DEFAULT_LIMITS),
    metrics,
    logger: createLogger('silent'),
    onClose,
  });
  return { connection, transport, onClose, metrics };
}

/** A client's awareness frame for `clientId` (see presenceUpdate for the clock). */
function presence(clientId: number, ...states: Array<Record<string, unknown>>): Uint8Array {
  return encodeAwareness(presenceUpdate(clientId, ...states));
}

describe('Connection', () => {
  it('opens by sending SyncStep1 with the room state, then the presence already in the room', () => {
    const room = blankRoom();
    const ben = connect(room, { identity: BEN });
    // Fails if a connection into a room without presence sends an empty awareness frame.
    expect(ben.transport.sent.map((frame) => frame.type)).toEqual(['sync-step-1']);
    ben.connection.receive(presence(88, { cursor: 3 }));

    const ada = connect(room);

    // Fails if a new connection is not told the presence already in the room.
    expect(ada.transport.sent.map((frame) => frame.type)).toEqual(['sync-step-1', 'awareness']);
    expect(ada.transport.of('sync-step-1')[0]?.stateVector).toEqual(Y.encodeStateVector(room.doc));
    expect(presenceSeenIn(ada.transport.sent).get(88)).toMatchObject({ cursor: 3 });
    ada.connection.receive(encodeQueryAwareness());
    expect(ada.transport.of('awareness')).toHaveLength(2);
  });

  it('answers SyncStep1 with a SyncStep2 holding what the client lacks', () => {
    const room = blankRoom();
    const { connection: editor } = connect(room);
    editor.receive(encodeUpdate(typeInto(writerCopy(room.doc, 11), 'Hello')));
    const { connection, transport } = connect(room);
    const client = new Y.Doc();

    connection.receive(encodeSyncStep1(Y.encodeStateVector(client)));

    // Fails if the connection answers a SyncStep1 with anything but a SyncStep2.
    const [reply] = transport.of('sync-step-2');
    Y.applyUpdate(client, reply!.update);
    expect(text(client)).toBe('Hello');
  });

  it('[SY9] sends Saved(n) only once the persist sink has made the first n document messages durable', async () => {
    const { room, persisted } = roomWithDeferredPersist();
    const { connection, transport } = connect(room);
    const writer = writerCopy(room.doc, 11);

    connection.receive(encodeSaveAckRequest());
    connection.receive(encodeUpdate(typeInto(writer, 'Hello')));
    connection.receive(encodeUpdate(typeInto(writer, ' world', 5)));
    await settle();
    // One Saved right after the request, for what was durable then (PROTOCOL.md §3).
    expect(transport.saved).toEqual([0]);

    persisted[0]!.resolve();
    await settle();
    // Fails if Saved is sent before the persist sink's promise resolves.
    expect(transport.saved).toEqual([0, 1]);
    persisted[1]!.resolve();
    await settle();
    expect(transport.saved).toEqual([0, 1, 2]);
  });

  it('[SY9] coalesces a burst made durable at once into one Saved', async () => {
    const { room, persisted } = roomWithDeferredPersist();
    const { connection, transport } = connect(room);
    const writer = writerCopy(room.doc, 11);
    connection.receive(encodeSaveAckRequest());
    for (const word of ['a', 'b', 'c']) connection.receive(encodeUpdate(typeInto(writer, word)));
    await settle();

    for (const row of persisted) row.resolve();
    await settle();

    // Fails if every message durable in the same tick gets a Saved of its own.
    expect(transport.saved).toEqual([0, 3]);
  });

  it('never sends Saved to a client that did not ask for it (a stock client cannot read type 17)', async () => {
    const { room, persisted } = roomWithDeferredPersist();
    const { connection, transport } = connect(room);
    connection.receive(encodeUpdate(typeInto(writerCopy(room.doc, 11), 'Hello')));
    persisted[0]!.resolve();
    await settle();
    expect(transport.saved).toEqual([]);
  });

  it('[SY9] acknowledges a message that changed nothing only once the change it duplicates is durable', async () => {
    const { room, persisted } = roomWithDeferredPersist();
    const ada = connect(room);
    const ben = connect(room, { identity: BEN });
    ben.connection.receive(encodeSaveAckRequest());
    const hello = typeInto(writerCopy(room.doc, 11), 'Hello');

    ada.connection.receive(encodeUpdate(hello));
    // Ben's client had the same edit (say, from an offline copy); it changes nothing here.
    ben.connection.receive(encodeSyncStep2(hello));
    await settle();
    expect(persisted).toHaveLength(1);
    // Fails if a message that changed nothing is acknowledged at once, while the row holding its content is still queued.
    expect(ben.transport.saved).toEqual([0]);

    persisted[0]!.resolve();
    await settle();
    expect(ben.transport.saved).toEqual([0, 1]);
  });

  it('[SY9] [SY11] does not cover a partly applied message with Saved until the document holds all of it', async () => {
    const { room, persisted } = roomWithDeferredPersist();
    const { connection, transport } = connect(room);
    connection.receive(encodeSaveAckRequest());
    const client = writerCopy(room.doc, 11);
    typeInto(client, 'Hello');
    const needsHello = typeInto(client, ' world', 5);
    const fromElsewhere = typeInto(writerCopy(room.doc, 22), 'INT. ');
    Y.applyUpdate(client, fromElsewhere);

    // The server lost "Hello" (a crash before it was stored): only the part from elsewhere can be applied.
    connection.receive(encodeUpdate(Y.mergeUpdates([fromElsewhere, needsHello])));
    persisted[0]!.resolve();
    await settle();

    expect(text(room.doc)).toBe('INT. ');
    // Fails if the connection does not ask the client to sync again after a partial apply ([SY11]).
    const resync = transport.of('sync-step-1');
    expect(resync).toHaveLength(2);
    // Fails if a partly applied message is acknowledged for the part the server kept.
    expect(transport.saved).toEqual([0]);

    // The client's answer to that SyncStep1 brings the rest.
    connection.receive(encodeSyncStep2(Y.encodeStateAsUpdate(client, resync[1]!.stateVector)));
    persisted[1]!.resolve();
    await settle();
    expect(text(room.doc)).toBe(text(client));
    expect(transport.saved).toEqual([0, 2]);
  });

  it("[SY16] a viewer's document messages change nothing, are never acknowledged, and the viewer is told once", async () => {
    const { room, persisted } = roomWithDeferredPersist();
    const viewer = connect(room, { role: 'viewer', identity: BEN });
    const editor = connect(room);
    const before = Y.encodeStateAsUpdate(room.doc);
    const writer = writerCopy(room.doc, 22);

    viewer.connection.receive(encodeSaveAckRequest());
    viewer.connection.receive(encodeUpdate(typeInto(writer, 'Hello')));
    viewer.connection.receive(encodeSyncStep2(Y.encodeStateAsUpdate(writer)));
    viewer.connection.receive(encodeUpdate(typeInto(writer, '!')));
    await settle();

    // Fails if a viewer's edit is applied, or the refusal is sent for every message.
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    expect(persisted).toEqual([]);
    expect(viewer.transport.of('permission-denied')).toHaveLength(1);
    expect(viewer.transport.saved).toEqual([0]);
    expect(viewer.transport.closes).toEqual([]);

    // Viewers still receive every change.
    editor.connection.receive(encodeUpdate(typeInto(writerCopy(room.doc, 11), 'Hi')));
    expect(viewer.transport.of('update')).toHaveLength(1);
  });

  it('[SY17] a changed role applies from the next message on', () => {
    const room = blankRoom();
    const { connection, transport } = connect(room, { role: 'editor' });
    const writer = writerCopy(room.doc, 11);
    connection.receive(encodeUpdate(typeInto(writer, 'Hello')));

    connection.setRole('viewer');
    connection.receive(encodeUpdate(typeInto(writer, ' world', 5)));
    // Fails if setRole() does not reach the next message.
    expect(text(room.doc)).toBe('Hello');
    expect(transport.of('permission-denied')).toHaveLength(1);

    connection.setRole('editor');
    connection.receive(encodeSyncStep2(Y.encodeStateAsUpdate(writer, Y.encodeStateVector(room.doc))));
    expect(text(room.doc)).toBe('Hello world');
  });

  const violations: Array<[string, number, (room: Room) => Uint8Array]> = [
    ['a truncated frame', CloseCode.MalformedMessage, () => Uint8Array.of(0)],
    ['an unknown sync step', CloseCode.MalformedMessage, () => Uint8Array.of(0, 7, 0)],
    ['an update that is not one Yjs V1 update [SY6]', CloseCode.MalformedMessage, () => encodeUpdate(Uint8Array.of(0xff, 0xff, 0xff))],
    ['an awareness update that does not decode [SY28]', CloseCode.MalformedMessage, () => encodeAwareness(Uint8Array.of(1, 7))],
    [
      'an element the schema does not know [SY21]',
      CloseCode.UpdateRejected,
      (room) => {
        const writer = writerCopy(room.doc, 11);
        return encodeUpdate(updateOf(writer, () => writer.getXmlFragment('default').insert(0, [new Y.XmlElement('script')])));
      },
    ],
    ['Saved, which only the server sends', CloseCode.UnknownMessageType, () => encodeSaved(3)],
    ['permission-denied, which only the server sends', CloseCode.UnknownMessageType, () => encodePermissionDenied('no')],
    ['an unassigned message type', CloseCode.UnknownMessageType, () => Uint8Array.of(99)],
  ];
  it.each(violations)('[SY12] closes on %s with %i, applies nothing after it, and the room carries on', (_what, code, frame) => {
    const room = blankRoom();
    const { connection, transport } = connect(room);
    const other = connect(room, { identity: BEN });
    const before = Y.encodeStateAsUpdate(room.doc);
    const sentBefore = transport.sent.length;

    connection.receive(frame(room));
    // Fails if an unknown message type is answered as malformed, or the other way round.
    expect(transport.closes).toEqual([{ code, reason: expect.stringMatching(/^WR_ERR_/) }]);

    // Frames still arriving during the closing handshake are ignored.
    connection.receive(encodeUpdate(typeInto(writerCopy(room.doc, 22), 'late')));
    connection.receive(encodeSyncStep1(new Uint8Array([0])));
    connection.receive(Uint8Array.of(0));
    // Fails if a closing connection still applies frames or answers them.
    expect(Y.encodeStateAsUpdate(room.doc)).toEqual(before);
    expect(transport.sent).toHaveLength(sentBefore);
    expect(transport.closes).toHaveLength(1);

    other.connection.receive(encodeUpdate(typeInto(writerCopy(room.doc, 33), 'still here')));
    expect(text(room.doc)).toBe('still here');
    expect(other.transport.closes).toEqual([]);
  });

  it('counts a refused frame by why it was refused', async () => {
    const room = blankRoom();
    const unknown = connect(room);
    unknown.connection.receive(encodeSaved(1));
    const malformed = connect(room);
    malformed.connection.receive(Uint8Array.of(0));
    expect(await counterValue(unknown.metrics.messagesRejected, { reason: 'unknown_type' })).toBe(1);
    expect(await counterValue(malformed.metrics.messagesRejected, { reason: 'malformed' })).toBe(1);
  });

  it('[SY13] closed() leaves the room once, taking its presence along, and calls onClose once', async () => {
    const room = blankRoom();
    const ada = connect(room);
    const ben = connect(room, { identity: BEN });
    ada.connection.receive(presence(77, { cursor: 1 }));
    expect(room.memberCount).toBe(2);

    ada.connection.closed();
    ada.connection.closed();

    // Fails if a socket reporting its close twice releases its room twice.
    expect(ada.onClose).toHaveBeenCalledTimes(1);
    expect(ada.onClose).toHaveBeenCalledWith(ada.connection);
    expect(room.memberCount).toBe(1);
    expect(await counterValue(ada.metrics.openConnections)).toBe(0);
    expect(presenceSeenIn(ben.transport.sent).has(77)).toBe(false);
  });

  it("[SY28] stamps presence with the connection's verified identity, and cannot move another writer's caret", () => {
    const room = blankRoom();
    const ada = connect(room);
    const ben = connect(room, { identity: BEN });

    ada.connection.receive(presence(77, { user: { name: 'The Producer', id: 'user-ben', color: '#dd3333' }, cursor: 1 }));
    ben.connection.receive(presence(88, { cursor: 5 }));
    // Ada's client claims Ben's presence with a newer clock.
    ada.connection.receive(presence(88, {}, { cursor: 0 }));

    const seen = presenceSeenIn(ben.transport.sent);
    // Fails if the connection relays the name the client claims instead of the verified one.
    expect(seen.get(77)).toEqual({ user: { color: '#dd3333', id: 'user-ada', name: 'Ada' }, cursor: 1 });
    // Fails if a connection may overwrite presence another connection set.
    expect(room.awareness.getStates().get(88)).toEqual({ user: { id: 'user-ben', name: 'ben@example.com' }, cursor: 5 });
    expect(ben.connection.awarenessClientIds).toEqual(new Set([88]));
    expect(ada.connection.awarenessClientIds).toEqual(new Set([77]));
  });
});
