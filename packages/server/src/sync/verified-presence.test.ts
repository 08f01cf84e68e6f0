import * as awarenessProtocol from 'y-protocols/awareness';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WritersRoomError } from '../errors.js';
import { stampAwarenessUpdate } from './verified-presence.js';

const writer = { userId: 'user-ada', name: 'Ada' };
const nobodyElse = () => false;

/** An awareness update as a stock client sends it, and what a receiver makes of a stamped one. */
function claim(state: Record<string, unknown> | null, clientId = 7): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(state);
  return awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId]);
}
function received(update: Uint8Array): Map<number, Record<string, unknown>> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(awareness, update, 'test');
  const states = new Map(awareness.getStates());
  states.delete(awareness.clientID);
  return states;
}

describe('verified presence', () => {
  it('puts the verified name and id on a state, keeping the colour and the cursor', () => {
    const cursor = { anchor: { type: null, tname: 'default', item: null, assoc: 0 } };
    const stamped = stampAwarenessUpdate(claim({ user: { name: 'The Producer', color: '#dd3333', id: 'someone' }, cursor }), writer, nobodyElse);
    expect(received(stamped).get(7)).toEqual({ user: { color: '#dd3333', id: 'user-ada', name: 'Ada' }, cursor });
  });

  it('keeps only a plain hex colour: anything else would land in other writers\' CSS', () => {
    for (const color of ['url(https://tracker.example/?t=1)', 'red; background: url(x)', '#12345', 42]) {
      expect(received(stampAwarenessUpdate(claim({ user: { color } }), writer, nobodyElse)).get(7)).toEqual({ user: { id: 'user-ada', name: 'Ada' } });
    }
  });

  it('names a writer even when the client claimed nothing', () => {
    expect(received(stampAwarenessUpdate(claim({}), writer, nobodyElse)).get(7)).toEqual({ user: { id: 'user-ada', name: 'Ada' } });
  });

  it('drops entries for client ids another connection set', () => {
    const stamped = stampAwarenessUpdate(claim({ user: { name: 'Ben' } }, 42), writer, (clientId) => clientId === 42);
    expect(received(stamped).size).toBe(0);
  });

  it('refuses updates that do not decode, and states that are not objects', () => {
    expect(() => stampAwarenessUpdate(new Uint8Array([1, 7]), writer, nobodyElse)).toThrow(WritersRoomError);
    const notJson = new Uint8Array([1, 7, 1, 3, 0x7b, 0x7b, 0x7b]);
    expect(() => stampAwarenessUpdate(notJson, writer, nobodyElse)).toThrow(/not JSON/);
    const array = new Uint8Array([1, 7, 1, 2, 0x5b, 0x5d]);
    expect(() => stampAwarenessUpdate(array, writer, nobodyElse)).toThrow(/object or null/);
  });
});
