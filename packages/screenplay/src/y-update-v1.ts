import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/**
 * Bytes that are not one whole Yjs update in the V1 encoding, the only one
 * the y-websocket protocol carries.
 */
export class MalformedUpdateError extends Error {
  override readonly name = 'MalformedUpdateError';
}

/**
 * Nothing in an update's bytes names its encoding, and a V2 update read as V1
 * often decodes: its leading 0 (V2's feature flag) reads as "no structs", and
 * its column lengths read as a delete set, usually with bytes left over,
 * sometimes not. Read as a document change, that garbage deletes nothing the
 * document has and waits as a pending delete set forever. So an update is
 * taken as V1 only when the V1 reading consumes every byte and, for the
 * struct-less ones that could be either, the same bytes are not also one whole
 * V2 update. Real V1 delete-only updates (a struct-less V1 update is
 * a deletion) never were in 20,000 generated deletions; V2 updates that read
 * completely as V1 always were.
 */
function decodeCounting(update: Uint8Array, Decoder: typeof Y.UpdateDecoderV1 | typeof Y.UpdateDecoderV2) {
  let rest: decoding.Decoder | undefined;
  // Yjs takes the decoder class as a parameter; this one remembers the byte reader it was given.
  class Counting extends (Decoder as typeof Y.UpdateDecoderV1) {
    constructor(decoder: decoding.Decoder) {
      super(decoder);
      rest = decoder;
    }
  }
  const decoded = Y.decodeUpdateV2(update, Counting);
  return { decoded, leftover: rest === undefined ? update.length : rest.arr.length - rest.pos };
}

/** Columns of an UpdateEncoderV2 after its feature flag: key clock, client, left clock, right clock, info, string, parent info, type ref, length. */
const V2_COLUMNS = 9;

/**
 * Whether `update` starts as a V2 update can: the feature flag 0, then nine
 * length-prefixed columns that fit in the bytes. A cheap first test, read by
 * hand so a V1 deletion (most fail it at once) costs no exception; only what
 * passes is decoded in full.
 */
function hasV2Header(update: Uint8Array): boolean {
  let pos = 1;
  for (let column = 0; column < V2_COLUMNS; column++) {
    let length = 0;
    let shift = 0;
    for (;;) {
      if (pos >= update.length || shift > 28) return false;
      const byte = update[pos++]!;
      length += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) break;
    }
    pos += length;
    if (pos > update.length) return false;
  }
  return true;
}

function isWholeV2Update(update: Uint8Array): boolean {
  if (!hasV2Header(update)) return false;
  try {
    return decodeCounting(update, Y.UpdateDecoderV2).leftover === 0;
  } catch {
    return false;
  }
}

/** Why `update` is not a whole V1 update, given what the V1 reading left over. */
function refusal(update: Uint8Array, leftover: number): string | undefined {
  if (leftover > 0) return `${leftover} byte(s) left over after the update: not a Yjs V1 update`;
  if (update[0] === 0 && isWholeV2Update(update)) return 'a Yjs V2 update; only V1 updates are accepted';
  return undefined;
}

/**
 * `Y.decodeUpdate`, refusing what is not one whole V1 update.
 *
 * @throws MalformedUpdateError for leftover bytes or a V2 update; Yjs's own
 *   error for bytes that do not decode at all.
 */
export function decodeUpdateStrictly(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  const { decoded, leftover } = decodeCounting(update, Y.UpdateDecoderV1);
  const problem = refusal(update, leftover);
  if (problem !== undefined) throw new MalformedUpdateError(problem);
  return decoded;
}

/**
 * `Y.applyUpdate`, then the same check as `decodeUpdateStrictly`, without a
 * second decode of the common case (loading thousands of rows): the bytes are
 * read once, into `doc`. When it throws, `doc` may hold part of the bad update
 * and must be rebuilt without it.
 *
 * @throws MalformedUpdateError or Yjs's own error, as `decodeUpdateStrictly`.
 */
export function applyUpdateStrictly(doc: Y.Doc, update: Uint8Array, origin: unknown): void {
  const decoder = decoding.createDecoder(update);
  Y.readUpdate(decoder, doc, origin);
  const problem = refusal(update, decoder.arr.length - decoder.pos);
  if (problem !== undefined) throw new MalformedUpdateError(problem);
}
