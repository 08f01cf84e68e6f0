import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CloseCode, MessageType, SyncStep } from '@writersroom/protocol';
import { openRawSocket } from '../support/raw-socket.js';
import { useServerSuite } from '../support/server-suite.js';
import { capturedLogger, createScriptFor, metricValue } from '../support/test-server.js';
import { line, blankPageUpdate } from '../support/providers.js';

const WORDS = ['INT. ATTIC - DAY', 'Dust everywhere.', 'MARA', 'Who left this here?'];

/** Five successive edits of one screenplay, each as the update it emitted: the first creates the page. */
function editHistory(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  Y.applyUpdate(doc, blankPageUpdate());
  for (const words of WORDS) {
    line(doc).insert(line(doc).length, `${words}\n`);
  }
  return updates;
}

describe('a stored script with a missing early row', () => {
  const log = capturedLogger();
  const suite = useServerSuite('sqlite', {}, { logger: log.logger });

  it('[SY4] is refused with 4422, logged with its id and counted, never served blank', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owner', 'Attic', { blank: false });
    const [, ...withoutFirst] = editHistory();
    await suite.db.storage.appendVersions(withoutFirst.map((update) => ({ scriptId, update, createdBy: null, kind: 'update' as const })));

    const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner`);
    const { code, reason } = await socket.closed;
    expect(code).toBe(CloseCode.ScriptDamaged);
    expect(reason).toBe('WR_ERR_SCRIPT_DAMAGED');
    // Not a single frame: no empty SyncStep2 that a client would take for "synced, blank".
    expect(socket.received).toHaveLength(0);

    expect(await metricValue(suite.server.url, 'yjs_corruption_detected_total', 'reason="missing_predecessor"')).toBe(1);
    const entry = log.lines().find((line) => line.scriptId === scriptId && line.reason === 'missing_predecessor');
    expect(entry).toMatchObject({ rows: 4, msg: 'rows with missing predecessors' });
  });

  it('[SY4] the same rows with the first one present load completely', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owner', 'Attic', { blank: false });
    await suite.db.storage.appendVersions(editHistory().map((update) => ({ scriptId, update, createdBy: null, kind: 'update' as const })));
    const socket = await openRawSocket(`${suite.server.wsBase}/${scriptId}?token=dev:owner`);
    const firstFrame = await socket.next();
    expect(firstFrame[0]).toBe(0); // Sync: the server's SyncStep1

    // Ask for everything, as a client with an empty document does, and read what the server serves.
    const request = encoding.createEncoder();
    encoding.writeVarUint(request, MessageType.Sync);
    syncProtocol.writeSyncStep1(request, new Y.Doc());
    socket.send(encoding.toUint8Array(request));
    const served = new Y.Doc();
    for (let step: number | undefined; step !== SyncStep.Step2; ) {
      const decoder = decoding.createDecoder(await socket.next());
      if (decoding.readVarUint(decoder) !== MessageType.Sync) continue;
      step = syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), served, 'server');
    }
    // Fails if the load drops a row, e.g. the newest one (open-script-document.ts loading rows.slice(0, -1)).
    expect(line(served).toString()).toBe(WORDS.map((words) => `${words}\n`).join(''));
    socket.ws.close();
  });
});
