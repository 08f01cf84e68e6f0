import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** The Redis channels of the fan-out under a deployment's key prefix. */
export function fanOutChannels(keyPrefix: string): { processes: string; access: string; scriptPrefix: string } {
  return { processes: `${keyPrefix}fanout:processes`, access: `${keyPrefix}fanout:access`, scriptPrefix: `${keyPrefix}fanout:script:` };
}

/**
 * What processes say to each other on a script's channel. Every message
 * names the process that sent it; document updates are numbered per script
 * and sending process, so a receiver sees a message it missed as a gap.
 */
export type ScriptMessage =
  /**
   * An update as it was applied, before its commit; `seq` counts this
   * process's updates of the script from 1; `sentAt` is epoch ms, for the lag.
   */
  | { type: 'update'; processId: string; seq: number; sentAt: number; update: Uint8Array }
  | { type: 'awareness'; processId: string; update: Uint8Array }
  /** A process opened the script: the others answer with their writers' presence. */
  | { type: 'presence-query'; processId: string }
  /** The process's updates up to `seq` are committed; a receiver that heard of fewer missed some. */
  | { type: 'committed'; processId: string; seq: number }
  /** The process could not publish for a while (Redis was down): everyone reads the stored rows. */
  | { type: 'resync'; processId: string };

const TYPES = ['update', 'awareness', 'presence-query', 'committed', 'resync'] as const;

export function encodeScriptMessage(message: ScriptMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, TYPES.indexOf(message.type));
  encoding.writeVarString(encoder, message.processId);
  switch (message.type) {
    case 'update':
      encoding.writeVarUint(encoder, message.seq);
      encoding.writeFloat64(encoder, message.sentAt);
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'awareness':
      encoding.writeVarUint8Array(encoder, message.update);
      break;
    case 'committed':
      encoding.writeVarUint(encoder, message.seq);
      break;
    case 'presence-query':
    case 'resync':
      break;
  }
  return encoding.toUint8Array(encoder);
}

/** @throws Error for bytes no process of this version sends (another deployment on the same prefix, a bug). */
export function decodeScriptMessage(bytes: Uint8Array): ScriptMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = TYPES[decoding.readUint8(decoder)];
  if (type === undefined) throw new Error('unknown fan-out message type');
  const processId = decoding.readVarString(decoder);
  switch (type) {
    case 'update':
      return { type, processId, seq: decoding.readVarUint(decoder), sentAt: decoding.readFloat64(decoder), update: decoding.readVarUint8Array(decoder) };
    case 'awareness':
      return { type, processId, update: decoding.readVarUint8Array(decoder) };
    case 'committed':
      return { type, processId, seq: decoding.readVarUint(decoder) };
    case 'presence-query':
    case 'resync':
      return { type, processId };
  }
}
