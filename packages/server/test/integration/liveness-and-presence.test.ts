import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
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
    present.awareness.setLocalStateField('user', { name: 'Ines', color: '#d33' });
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
      return awareness.getStates().get(present.awareness.clientID)?.user?.name === 'Ines';
    }, 'observer learns who is present');
    observer.ws.close();
    awareness.destroy();
  });
});
