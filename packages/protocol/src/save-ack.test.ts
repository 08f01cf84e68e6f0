import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { MessageType, SyncStep } from './message-type.js';
import { encodeSaveAckRequest, encodeSaved, isCountedDocumentMessage, readSaved } from './save-ack.js';

function syncFrame(step: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, new Uint8Array([0, 0]));
  return encoding.toUint8Array(encoder);
}

describe('save acknowledgements', () => {
  it('encodes the request as the single byte 0x10 and Saved(n) as type 17 then n', () => {
    expect(Array.from(encodeSaveAckRequest())).toEqual([0x10]);
    expect(Array.from(encodeSaved(5))).toEqual([0x11, 0x05]);
    expect(Array.from(encodeSaved(300))).toEqual([0x11, 0xac, 0x02]);
  });

  it('reads back the count it wrote, for large counts too', () => {
    for (const count of [0, 1, 127, 128, 2 ** 31]) {
      const decoder = decoding.createDecoder(encodeSaved(count));
      expect(decoding.readVarUint(decoder)).toBe(MessageType.Saved);
      expect(readSaved(decoder)).toBe(count);
    }
  });

  it('counts sync step 2 and update frames, and nothing else', () => {
    expect(isCountedDocumentMessage(syncFrame(SyncStep.Step2))).toBe(true);
    expect(isCountedDocumentMessage(syncFrame(SyncStep.Update))).toBe(true);
    expect(isCountedDocumentMessage(syncFrame(SyncStep.Step1))).toBe(false);
    expect(isCountedDocumentMessage(new Uint8Array([MessageType.Awareness, 1, 0]))).toBe(false);
    expect(isCountedDocumentMessage(encodeSaveAckRequest())).toBe(false);
    expect(isCountedDocumentMessage(new Uint8Array([]))).toBe(false);
  });
});
