import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from './message-type.js';

/**
 * "Saved" acknowledgements (PROTOCOL.md §3). A client that opted in counts the
 * document messages it sends (sync step 2 and update); the server answers with
 * the count of those that are durable. Counting messages rather than comparing
 * state vectors matters: a deletion does not change a state vector, yet it must
 * not show as saved before it is stored.
 */

export function encodeSaveAckRequest(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SaveAckRequest);
  return encoding.toUint8Array(encoder);
}

export function encodeSaved(durableMessages: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Saved);
  encoding.writeVarUint(encoder, durableMessages);
  return encoding.toUint8Array(encoder);
}

/** Reads the count of a Saved message whose type byte was already read. */
export function readSaved(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

/**
 * Whether a frame a client sends is a document message the server counts for
 * acknowledgements: sync step 2 or update. Pure over the bytes, so a client can
 * wrap any transport (the stock y-websocket provider included) and count.
 */
export function isCountedDocumentMessage(frame: Uint8Array): boolean {
  if (frame.length < 2) return false;
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MessageType.Sync) return false;
  const step = decoding.readVarUint(decoder);
  return step === SyncStep.Step2 || step === SyncStep.Update;
}
