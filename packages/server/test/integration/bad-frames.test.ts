import { beforeAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { CloseCode, MessageType, SyncStep } from '@writersroom/protocol';
import { blankPageUpdate, eventually, text, whenSynced, line } from '../support/providers.js';
import * as Y from 'yjs';
import { openRawSocket } from '../support/raw-socket.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, metricValue } from '../support/test-server.js';

const MAX_MESSAGE_BYTES = 64 * 1024;

function syncFrame(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A writer's typing on the blank page, encoded as Yjs V2: valid Yjs, in the encoding the protocol does not carry. */
function typingAsV2(): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, blankPageUpdate());
  const before = Y.encodeStateVector(doc);
  const text = (doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(0, 'INT. KITCHEN');
  return Y.encodeStateAsUpdateV2(doc, before);
}

const badFrames: Array<{ name: string; frame: () => Uint8Array | string; code: number }> = [
  { name: 'a truncated varint', frame: () => new Uint8Array([0xff]), code: CloseCode.MalformedMessage },
  { name: 'a sync message cut short', frame: () => new Uint8Array([MessageType.Sync, SyncStep.Update, 0x20, 1, 2]), code: CloseCode.MalformedMessage },
  {
    name: 'an update of random bytes',
    frame: () => syncFrame(SyncStep.Update, Uint8Array.from({ length: 64 }, (_, i) => (i * 73 + 19) % 256)),
    code: CloseCode.MalformedMessage,
  },
  // [SY6] Read as V1, a V2 update is an empty update with a garbage delete set: refused, never taken for missing predecessors.
  { name: 'a Yjs V2 update as an Update', frame: () => syncFrame(SyncStep.Update, typingAsV2()), code: CloseCode.MalformedMessage },
  { name: 'a Yjs V2 update as a SyncStep2', frame: () => syncFrame(SyncStep.Step2, typingAsV2()), code: CloseCode.MalformedMessage },
  { name: 'an unknown sync step', frame: () => syncFrame(7, new Uint8Array([0])), code: CloseCode.MalformedMessage },
  { name: 'a text frame', frame: () => 'hello', code: CloseCode.MalformedMessage },
  { name: 'an unknown message type', frame: () => new Uint8Array([99]), code: CloseCode.UnknownMessageType },
  { name: 'a server-only message type (Saved)', frame: () => new Uint8Array([MessageType.Saved, 3]), code: CloseCode.UnknownMessageType },
  { name: 'a server-only message type (Auth)', frame: () => new Uint8Array([MessageType.Auth, 0]), code: CloseCode.UnknownMessageType },
  {
    name: 'a frame over MAX_MESSAGE_BYTES',
    frame: () => syncFrame(SyncStep.Update, new Uint8Array(MAX_MESSAGE_BYTES + 1)),
    code: CloseCode.MessageTooLarge,
  },
];

describe('[SY12] bad frames', () => {
  const suite = useServerSuite('sqlite', { maxMessageBytes: MAX_MESSAGE_BYTES });
  let scriptId: string;
  let otherScriptId: string;

  beforeAll(async () => {
    scriptId = await createScriptFor(suite.db.storage, 'owner');
    otherScriptId = await createScriptFor(suite.db.storage, 'owner');
  });

  it('close only the offending connection with a documented code; the room, other rooms and storage carry on', async () => {
    const writer = suite.connect(scriptId, 'owner');
    const reader = suite.connect(scriptId, 'owner');
    const elsewhere = suite.connect(otherScriptId, 'owner');
    await Promise.all([whenSynced(writer), whenSynced(reader), whenSynced(elsewhere)]);

    for (const [index, { name, frame, code }] of badFrames.entries()) {
      const rowsBefore = await suite.db.storage.countVersions(scriptId);
      const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner`);
      await socket.next(); // the server's SyncStep1: the connection is fully admitted
      socket.send(frame());
      const closed = await socket.closed;
      expect({ name, code: closed.code }).toEqual({ name, code });
      expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore);

      // The others keep working after every bad frame.
      line(writer.doc).insert(0, `${index};`);
      line(elsewhere.doc).insert(0, `${index};`);
      await eventually(() => text(reader.doc) === text(writer.doc), `edit ${index} reached the reader after ${name}`);
      expect(writer.wsconnected && reader.wsconnected && elsewhere.wsconnected).toBe(true);
    }
    expect(await metricValue(suite.server.url, 'writersroom_messages_rejected_total', 'reason="malformed"')).toBe(7);
    expect(await metricValue(suite.server.url, 'writersroom_messages_rejected_total', 'reason="unknown_type"')).toBe(3);
  });
});
