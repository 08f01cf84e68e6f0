import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from '@writersroom/protocol';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { eventually, whenSynced } from '../support/providers.js';
import { openRawSocket } from '../support/raw-socket.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, metricValue } from '../support/test-server.js';

describe('liveness and presence', () => {
  const suite = useServerSuite('sqlite', { heartbeatIntervalMs: 100 });

  it('[SY14] terminates a peer that stops answering pings, and keeps one that answers', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owner');
    const silent = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner`, { autoPong: false });
    const healthy = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner`);
    const closed = await silent.closed;
    expect(closed.code).toBe(1006); // terminated without a closing handshake
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(healthy.ws.readyState).toBe(healthy.ws.OPEN);
    await eventually(async () => (await metricValue(suite.server.url, 'writersroom_open_connections')) === 1, 'one connection left');
    healthy.ws.close();
  });

  it('answers QueryAwareness with the presence of everyone in the script', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owner');
    const present = suite.connect(scriptId, 'owner');
    present.awareness.setLocalStateField('user', { name: 'Ines', color: '#dd3333' });
    await whenSynced(present);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const observer = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner`);
    observer.send(new Uint8Array([MessageType.QueryAwareness]));
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    await eventually(async () => {
      const frame = await observer.next();
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) === MessageType.Awareness) {
        awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server');
      }
      // [SY28] The name is the verified one (dev:owner is "owner"), not the claimed "Ines"; the colour is the client's.
      const user = awareness.getStates().get(present.awareness.clientID)?.user;
      return user?.name === 'owner' && user?.color === '#dd3333';
    }, 'observer learns who is present');
    observer.ws.close();
    awareness.destroy();
  });

  it('[SY28] shows verified names, and nobody can rename, move or remove another writer\'s presence', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'ada');
    const benUser = await suite.db.storage.provisionUser({ firebaseUid: 'dev:ben', email: 'ben@writersroom.invalid', displayName: 'ben' });
    await suite.db.storage.setCollaborator(scriptId, benUser.userId, 'editor');
    const ada = suite.connect(scriptId, 'ada');
    const ben = suite.connect(scriptId, 'ben');
    await Promise.all([whenSynced(ada), whenSynced(ben)]);
    ada.awareness.setLocalStateField('user', { name: 'Ada', color: '#1d4ed8' });
    ben.awareness.setLocalStateField('user', { name: 'ada', color: '#dc2626' });
    await eventually(async () => ada.awareness.getStates().get(ben.awareness.clientID)?.user?.name === 'ben', "Ben's verified name reaches Ada");
    await eventually(async () => ben.awareness.getStates().get(ada.awareness.clientID)?.user?.color === '#1d4ed8', "Ada's colour reaches Ben");
    expect(ada.awareness.getStates().get(ben.awareness.clientID)?.user).toMatchObject({ name: 'ben', color: '#dc2626' });

    // Everything the server relays, seen by a third connection from here on.
    const observer = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:ada`);
    const relayedFor = (clientId: number) =>
      observer.received.flatMap((frame) => {
        const decoder = decoding.createDecoder(frame);
        if (decoding.readVarUint(decoder) !== MessageType.Awareness) return [];
        const seen = new awarenessProtocol.Awareness(new Y.Doc());
        awarenessProtocol.applyAwarenessUpdate(seen, decoding.readVarUint8Array(decoder), 'server');
        const state = seen.getStates().get(clientId);
        seen.destroy();
        return state ? [state] : [];
      });

    // Ben forges an update for Ada's client id, with a clock far ahead: the server drops it.
    const forger = new awarenessProtocol.Awareness(new Y.Doc());
    forger.states.set(ada.awareness.clientID, { user: { name: 'Ada', color: '#000000' } });
    forger.meta.set(ada.awareness.clientID, { clock: 1_000, lastUpdated: Date.now() });
    ben.ws!.send(concat([MessageType.Awareness], awarenessProtocol.encodeAwarenessUpdate(forger, [ada.awareness.clientID])));
    // A later message from Ben, relayed after the forged one would have been.
    ben.awareness.setLocalStateField('cursor', null);
    await eventually(async () => relayedFor(ben.awareness.clientID).some((state) => 'cursor' in state), "Ben's next update is relayed");
    expect(relayedFor(ada.awareness.clientID).map((state) => (state.user as { color?: string }).color)).not.toContain('#000000');
    expect(ben.awareness.getStates().get(ada.awareness.clientID)?.user).toMatchObject({ name: 'ada', color: '#1d4ed8' });
    // The forger's own view proves little, and the observer's arrival says nothing about Ada's socket.
    // Ada is the one whose caret a relayed forgery would move (y-protocols lets a higher clock overwrite
    // even the local state), and her socket delivers in order: once Ben's later update reached her, so had the forgery.
    // Fails if stampAwarenessUpdate keeps entries for client ids another connection set (verified-presence.ts).
    await eventually(async () => 'cursor' in (ada.awareness.getStates().get(ben.awareness.clientID) ?? {}), "Ben's next update reaches Ada");
    expect(ada.awareness.getLocalState()).toEqual({ user: { name: 'Ada', color: '#1d4ed8' } });
    expect(ada.awareness.meta.get(ada.awareness.clientID)?.clock).toBeLessThan(1_000);
    observer.ws.close();
    forger.destroy();
  });
});

function concat(prefix: number[], bytes: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  for (const value of prefix) encoding.writeVarUint(encoder, value);
  encoding.writeVarUint8Array(encoder, bytes);
  return encoding.toUint8Array(encoder);
}
