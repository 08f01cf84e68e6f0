import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  FrameError,
  decodeClientFrame,
  decodeServerFrame,
  encodeAwareness,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
} from './frames.js';
import { MessageType } from './message-type.js';
import { encodeSaveAckRequest, encodeSaved } from './save-ack.js';

/** A frame as y-protocols (the stock client's library) writes it. */
function stock(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function typedDoc(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return doc;
}

describe('frames', () => {
  it("writes sync and awareness frames byte for byte as y-protocols does, so stock clients read them", () => {
    const doc = typedDoc('INT. KITCHEN');
    const update = Y.encodeStateAsUpdate(doc);
    const stateVector = Y.encodeStateVector(doc);
    expect(encodeSyncStep1(stateVector)).toEqual(
      stock((e) => {
        encoding.writeVarUint(e, MessageType.Sync);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    );
    expect(encodeSyncStep2(update)).toEqual(
      stock((e) => {
        encoding.writeVarUint(e, MessageType.Sync);
        syncProtocol.writeSyncStep2(e, doc);
      }),
    );
    expect(encodeUpdate(update)).toEqual(
      stock((e) => {
        encoding.writeVarUint(e, MessageType.Sync);
        syncProtocol.writeUpdate(e, update);
      }),
    );
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Ada' } });
    const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    expect(encodeAwareness(presence)).toEqual(
      stock((e) => {
        encoding.writeVarUint(e, MessageType.Awareness);
        encoding.writeVarUint8Array(e, presence);
      }),
    );
    awareness.destroy();
  });

  it('writes permission-denied as y-protocols/auth reads it', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('read-only'));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.Auth);
    let reason = '';
    authProtocol.readAuthMessage(decoder, new Y.Doc(), (_doc, denied) => {
      reason = denied;
    });
    expect(reason).toBe('read-only');
  });

  it('reads back what it writes, both ways', () => {
    const update = Y.encodeStateAsUpdate(typedDoc('x'));
    expect(decodeClientFrame(encodeSyncStep1(Uint8Array.of(0)))).toEqual({ type: 'sync-step-1', stateVector: Uint8Array.of(0) });
    expect(decodeClientFrame(encodeSyncStep2(update))).toEqual({ type: 'sync-step-2', update });
    expect(decodeClientFrame(encodeUpdate(update))).toEqual({ type: 'update', update });
    expect(decodeClientFrame(encodeAwareness(Uint8Array.of(1, 2)))).toEqual({ type: 'awareness', update: Uint8Array.of(1, 2) });
    expect(decodeClientFrame(encodeQueryAwareness())).toEqual({ type: 'query-awareness' });
    expect(decodeClientFrame(encodeSaveAckRequest())).toEqual({ type: 'save-ack-request' });
    expect(decodeServerFrame(encodeUpdate(update))).toEqual({ type: 'update', update });
    expect(decodeServerFrame(encodePermissionDenied('no'))).toEqual({ type: 'permission-denied', reason: 'no' });
    expect(decodeServerFrame(encodeSaved(300))).toEqual({ type: 'saved', durableMessages: 300 });
  });

  it('refuses a type the reader may not receive as unknown-type, and bytes that do not decode as malformed', () => {
    const kindOf = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return error instanceof FrameError ? error.kind : 'other';
      }
      return 'none';
    };
    // A client may not send Auth (2) or Saved (17), nor an unassigned type.
    expect(kindOf(() => decodeClientFrame(encodePermissionDenied('x')))).toBe('unknown-type');
    expect(kindOf(() => decodeClientFrame(encodeSaved(1)))).toBe('unknown-type');
    expect(kindOf(() => decodeClientFrame(Uint8Array.of(99)))).toBe('unknown-type');
    expect(kindOf(() => decodeServerFrame(encodeSaveAckRequest()))).toBe('unknown-type');
    // Truncated, an over-long length, an unknown sync step, nothing at all.
    expect(kindOf(() => decodeClientFrame(encodeUpdate(Uint8Array.of(1, 2, 3)).subarray(0, 3)))).toBe('malformed');
    expect(kindOf(() => decodeClientFrame(Uint8Array.of(MessageType.Sync, 2, 0xff, 0xff, 0xff)))).toBe('malformed');
    expect(kindOf(() => decodeClientFrame(Uint8Array.of(MessageType.Sync, 7, 0)))).toBe('malformed');
    expect(kindOf(() => decodeClientFrame(new Uint8Array()))).toBe('malformed');
  });
});
