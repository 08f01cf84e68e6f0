import type { ServerFrame } from '@writersroom/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';

/**
 * A client's awareness update (y-protocols encoding) for `clientId`, setting
 * each of `states` in turn: its clock counts them, so a claim with more
 * states is newer than one with fewer.
 */
export function presenceUpdate(clientId: number, ...states: Array<Record<string, unknown>>): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  for (const state of states) awareness.setLocalState(state);
  return awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]);
}

/** The presence a client sees, by client id, once it has applied the awareness frames among `frames`. */
export function presenceSeenIn(frames: readonly ServerFrame[]): Map<number, unknown> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  for (const frame of frames) if (frame.type === 'awareness') awarenessProtocol.applyAwarenessUpdate(awareness, frame.update, 'server');
  const states = new Map(awareness.getStates());
  states.delete(awareness.clientID);
  return states;
}
