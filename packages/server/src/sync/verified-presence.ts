import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WritersRoomError } from '../errors.js';

/** Who a connection is, as the server verified it: what its presence says, whatever the client claims. */
export interface VerifiedWriter {
  userId: string;
  name: string;
}

/**
 * Rewrites a client's awareness update (y-protocols/awareness encoding:
 * varUint count, then per client varUint clientID, varUint clock, varString
 * JSON state) so that what others see cannot be forged:
 * - a state's `user` carries the verified user id and name; the client keeps
 *   only its colour (a `#rrggbb` one) and its other fields (cursor, …);
 * - entries for client ids that another connection set are dropped, so one
 *   writer cannot move or remove another writer's caret.
 * A removal (state null) passes as it is.
 *
 * @throws WritersRoomError WR_ERR_MALFORMED_MESSAGE when the update or a state does not decode.
 */
export function stampAwarenessUpdate(update: Uint8Array, writer: VerifiedWriter, setElsewhere: (clientId: number) => boolean): Uint8Array {
  const decoder = decoding.createDecoder(update);
  const entries: Array<{ clientId: number; clock: number; state: string }> = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i += 1) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const state = decoding.readVarString(decoder);
      if (!setElsewhere(clientId)) entries.push({ clientId, clock, state: stampState(state, writer) });
    }
  } catch (error) {
    if (error instanceof WritersRoomError) throw error;
    throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', 'An awareness update could not be decoded.', { cause: error });
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

function stampState(json: string, writer: VerifiedWriter): string {
  let state: unknown;
  try {
    state = JSON.parse(json);
  } catch (error) {
    throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', 'An awareness state is not JSON.', { cause: error });
  }
  if (state === null) return json;
  if (typeof state !== 'object' || Array.isArray(state)) {
    throw new WritersRoomError('WR_ERR_MALFORMED_MESSAGE', 'An awareness state must be a JSON object or null.');
  }
  const claimed = (state as { user?: unknown }).user;
  const color = typeof claimed === 'object' && claimed !== null ? (claimed as { color?: unknown }).color : undefined;
  // Only a plain hex colour: the value lands in other writers' CSS, where url(…) would fetch from anywhere.
  const user = { ...(typeof color === 'string' && HEX_COLOR.test(color) ? { color } : {}), id: writer.userId, name: writer.name };
  return JSON.stringify({ ...state, user });
}
