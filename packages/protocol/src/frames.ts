import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType, SyncStep } from './message-type.js';

/**
 * Every frame of PROTOCOL.md §1–§5 as bytes, both ways, as pure functions
 * over lib0 encoders: the server, the web client and the tests build and read
 * frames only through here. The byte layout of types 0–3 is y-protocols'
 * (sync, awareness, auth), so stock clients read what this writes.
 */

/** What a client may send (PROTOCOL.md §1), decoded. */
export type ClientFrame =
  | { readonly type: 'sync-step-1'; readonly stateVector: Uint8Array }
  | { readonly type: 'sync-step-2'; readonly update: Uint8Array }
  | { readonly type: 'update'; readonly update: Uint8Array }
  | { readonly type: 'awareness'; readonly update: Uint8Array }
  | { readonly type: 'query-awareness' }
  | { readonly type: 'save-ack-request' }
  | { readonly type: 'notice-request' };

/** What the server sends, decoded (a client or a test reads these). */
export type ServerFrame =
  | Exclude<ClientFrame, { type: 'query-awareness' | 'save-ack-request' | 'notice-request' }>
  | { readonly type: 'permission-denied'; readonly reason: string }
  | { readonly type: 'saved'; readonly durableMessages: number }
  | { readonly type: 'notice'; readonly topic: string };

/**
 * A frame that cannot be read: `malformed` (truncated, a bad varint, an
 * unknown sync step: close 4400) or `unknown-type` (a message type the
 * reader may not receive: close 4415).
 */
export class FrameError extends Error {
  override readonly name = 'FrameError';
  constructor(
    readonly kind: 'malformed' | 'unknown-type',
    message: string,
  ) {
    super(message);
  }
}

/** y-protocols/auth's only message kind: the server refuses this client's writes. */
const PERMISSION_DENIED = 0;

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function syncFrame(step: SyncStep, data: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, data);
  });
}

export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => syncFrame(SyncStep.Step1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => syncFrame(SyncStep.Step2, update);
export const encodeUpdate = (update: Uint8Array): Uint8Array => syncFrame(SyncStep.Update, update);

export function encodeAwareness(update: Uint8Array): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, update);
  });
}

export function encodeQueryAwareness(): Uint8Array {
  return frame((encoder) => encoding.writeVarUint(encoder, MessageType.QueryAwareness));
}

export function encodePermissionDenied(reason: string): Uint8Array {
  return frame((encoder) => {
    encoding.writeVarUint(encoder, MessageType.Auth);
    encoding.writeVarUint(encoder, PERMISSION_DENIED);
    encoding.writeVarString(encoder, reason);
  });
}

/**
 * Reads the body of an Auth message (type 2) whose type was already read:
 * the permission-denied reason, or undefined for an auth message of another
 * kind (none is defined today).
 */
export function readPermissionDenied(decoder: decoding.Decoder): string | undefined {
  return decoding.readVarUint(decoder) === PERMISSION_DENIED ? decoding.readVarString(decoder) : undefined;
}

/** Runs `read`, turning lib0's errors for short or bad bytes into a malformed FrameError. */
function reading<T>(bytes: Uint8Array, read: (decoder: decoding.Decoder) => T): T {
  try {
    return read(decoding.createDecoder(bytes));
  } catch (error) {
    if (error instanceof FrameError) throw error;
    throw new FrameError('malformed', `the frame does not decode: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readSync(decoder: decoding.Decoder): Extract<ClientFrame, { type: 'sync-step-1' | 'sync-step-2' | 'update' }> {
  const step = decoding.readVarUint(decoder);
  const data = decoding.readVarUint8Array(decoder);
  switch (step) {
    case SyncStep.Step1:
      return { type: 'sync-step-1', stateVector: data };
    case SyncStep.Step2:
      return { type: 'sync-step-2', update: data };
    case SyncStep.Update:
      return { type: 'update', update: data };
    default:
      throw new FrameError('malformed', `unknown sync step ${step}`);
  }
}

/** The messages both sides send (Sync, Awareness), whose type was read; undefined for any other type. */
function readEitherWay(type: number, decoder: decoding.Decoder): Extract<ClientFrame, { type: 'sync-step-1' | 'sync-step-2' | 'update' | 'awareness' }> | undefined {
  if (type === MessageType.Sync) return readSync(decoder);
  if (type === MessageType.Awareness) return { type: 'awareness', update: decoding.readVarUint8Array(decoder) };
  return undefined;
}

/**
 * Decodes a frame a client sent.
 *
 * @throws FrameError `malformed` for bytes that do not decode (or an unknown
 *   sync step), `unknown-type` for a type a client may not send (2, 17, any
 *   unassigned number).
 */
export function decodeClientFrame(bytes: Uint8Array): ClientFrame {
  return reading(bytes, (decoder) => {
    const type = decoding.readVarUint(decoder);
    const common = readEitherWay(type, decoder);
    if (common !== undefined) return common;
    switch (type) {
      case MessageType.QueryAwareness:
        return { type: 'query-awareness' };
      case MessageType.SaveAckRequest:
        return { type: 'save-ack-request' };
      case MessageType.NoticeRequest:
        return { type: 'notice-request' };
      default:
        throw new FrameError('unknown-type', `message type ${type} is not one a client may send`);
    }
  });
}

/**
 * Decodes a frame the server sent.
 *
 * @throws FrameError as `decodeClientFrame`, for the types a server sends.
 */
export function decodeServerFrame(bytes: Uint8Array): ServerFrame {
  return reading(bytes, (decoder) => {
    const type = decoding.readVarUint(decoder);
    const common = readEitherWay(type, decoder);
    if (common !== undefined) return common;
    switch (type) {
      case MessageType.Auth: {
        const reason = readPermissionDenied(decoder);
        if (reason === undefined) throw new FrameError('malformed', 'an auth message of an unknown kind');
        return { type: 'permission-denied', reason };
      }
      case MessageType.Saved:
        return { type: 'saved', durableMessages: decoding.readVarUint(decoder) };
      case MessageType.Notice:
        return { type: 'notice', topic: decoding.readVarString(decoder) };
      default:
        throw new FrameError('unknown-type', `message type ${type} is not one a server sends`);
    }
  });
}
