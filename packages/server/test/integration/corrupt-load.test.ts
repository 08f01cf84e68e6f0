import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '@writersroom/protocol';
import { openRawSocket } from '../support/raw-socket.js';
import { useServerSuite } from '../support/server-suite.js';
import { capturedLogger, createScriptFor, metricValue } from '../support/test-server.js';
import { line, blankPageUpdate } from '../support/providers.js';

/** Five successive edits of one screenplay, each as the update it emitted: the first creates the page. */
function editHistory(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  Y.applyUpdate(doc, blankPageUpdate());
  for (const words of ['INT. ATTIC - DAY', 'Dust everywhere.', 'MARA', 'Who left this here?']) {
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
    socket.ws.close();
  });
});
