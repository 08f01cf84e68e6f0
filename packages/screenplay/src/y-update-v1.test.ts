// Breakage that fails it: drop the V2 check of y-update-v1.ts (refusal) or the leftover-bytes check.
import * as decoding from 'lib0/decoding';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyUpdateStrictly, decodeUpdateStrictly, MalformedUpdateError } from './y-update-v1.js';

/** Updates a writer's session produces: elements typed, text deleted, whole states and deltas, from many clients. */
function sessionUpdates(seed: number, count: number, encode: (doc: Y.Doc, before?: Uint8Array) => Uint8Array): Uint8Array[] {
  const gen = prng.create(seed);
  const updates: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const doc = new Y.Doc();
    doc.clientID = prng.uint32(gen, 0, 2 ** 31);
    const fragment = doc.getXmlFragment('default');
    const before = Y.encodeStateVector(doc);
    for (let j = prng.int32(gen, 1, 5); j > 0; j--) {
      const element = new Y.XmlElement('action');
      element.insert(0, [new Y.XmlText('x'.repeat(prng.int32(gen, 0, 40)))]);
      fragment.insert(fragment.length, [element]);
    }
    if (fragment.length > 1 && prng.bool(gen)) fragment.delete(0, 1);
    updates.push(prng.bool(gen) ? encode(doc) : encode(doc, before));
  }
  return updates;
}

/** Bytes a plain V1 reading leaves unread (Yjs takes the decoder class; this one remembers its byte reader). */
function leftoverAsV1(update: Uint8Array): number {
  let rest: decoding.Decoder | undefined;
  class Counting extends Y.UpdateDecoderV1 {
    constructor(decoder: decoding.Decoder) {
      super(decoder);
      rest = decoder;
    }
  }
  Y.decodeUpdateV2(update, Counting);
  return rest === undefined ? update.length : rest.arr.length - rest.pos;
}

const refusal = (read: () => unknown): string => {
  try {
    read();
    return 'accepted';
  } catch (error) {
    return error instanceof MalformedUpdateError ? 'malformed' : 'does not decode';
  }
};

describe('strict V1 updates', () => {
  it('accept every V1 update a session produces, deletions (struct-less updates) included', () => {
    for (const update of sessionUpdates(1, 2_000, (doc, before) => Y.encodeStateAsUpdate(doc, before))) {
      expect(refusal(() => decodeUpdateStrictly(update))).toBe('accepted');
      expect(refusal(() => applyUpdateStrictly(new Y.Doc(), update, null))).toBe('accepted');
    }
  });

  it('refuse every V2 update, also the ones whose bytes read completely as V1', () => {
    const updates = sessionUpdates(2, 4_000, (doc, before) => Y.encodeStateAsUpdateV2(doc, before));
    // The hard case: read as V1, some V2 updates decode (as a garbage delete set) with no byte left over.
    const readCompletelyAsV1 = updates.filter((update) => {
      try {
        return leftoverAsV1(update) === 0;
      } catch {
        return false;
      }
    });
    expect(readCompletelyAsV1.length).toBeGreaterThan(10);
    for (const update of updates) {
      expect(refusal(() => decodeUpdateStrictly(update))).not.toBe('accepted');
      expect(refusal(() => applyUpdateStrictly(new Y.Doc(), update, null))).not.toBe('accepted');
    }
  });

  it('refuse a V1 update with bytes left over', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x');
    const update = Y.encodeStateAsUpdate(doc);
    const padded = new Uint8Array([...update, 0, 0]);
    expect(refusal(() => decodeUpdateStrictly(padded))).toBe('malformed');
  });
});
