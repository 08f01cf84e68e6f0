import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { createTestDatabase, postgresAvailable } from '../support/postgres.js';
import { connectStockClient, eventually, whenSynced, line } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { capturedLogger, createScriptFor, metricValue, startTestServer, type TestServer } from '../support/test-server.js';

interface Health {
  status: string;
  storage: { writable: boolean; pendingRows: number; lastError: string | null };
}

describe.skipIf(!postgresAvailable)('[SY10] the database becoming unreachable', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let proxy: TcpProxy;
  let storage: Storage;
  let server: TestServer;
  const providers: WebsocketProvider[] = [];
  const log = capturedLogger();
  const health = async (baseUrl = server.url) => {
    const response = await fetch(`${baseUrl}/healthz`);
    return { httpStatus: response.status, body: (await response.json()) as Health };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    proxy = await TcpProxy.start({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    storage = createPostgresStorage({ connectionString: url.toString(), maxConnections: 4 });
    await storage.migrate();
    server = await startTestServer(storage, { commitRetryMaxMs: 200 }, { logger: log.logger });
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    proxy.restore();
    await server.close();
    await storage.close();
    await proxy.close();
    await database.drop();
  });

  it('keeps edits flowing, withholds Saved, reports 503, and stores everything once it is back', async () => {
    const scriptId = await createScriptFor(storage, 'writer');
    const writer = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:writer`);
    await writer.connect();
    const reader = connectStockClient(server.wsBase, scriptId, 'writer');
    providers.push(reader);
    await whenSynced(reader);
    line(writer.doc).insert(0, 'Before the outage. ');
    await writer.whenSaved();
    expect((await health()).httpStatus).toBe(200);

    proxy.cut();
    line(writer.doc).insert(line(writer.doc).length, 'During the outage.');
    await eventually(() => line(reader.doc).toString().includes('During the outage.'), 'edit reaches the other client');
    await eventually(async () => (await health()).httpStatus === 503, '/healthz reports the failure');
    const degraded = (await health()).body;
    expect(degraded.status).toBe('degraded');
    expect(degraded.storage.writable).toBe(false);
    expect(degraded.storage.pendingRows).toBeGreaterThan(0);
    expect(degraded.storage.lastError).not.toBeNull();
    expect(writer.counts.saved).toBeLessThan(writer.counts.sent);
    expect(log.lines().some((line) => line.level === 50 && line.msg === 'group commit failed; rows kept in memory and retried')).toBe(true);

    proxy.restore();
    await writer.whenSaved(15_000);
    expect((await health()).httpStatus).toBe(200);
    expect(log.lines().some((line) => line.msg === 'database writes recovered')).toBe(true);
    const stored = new Y.Doc();
    for (const row of await storage.loadVersions(scriptId)) Y.applyUpdate(stored, row.update);
    expect(line(stored).toString()).toBe('Before the outage. During the outage.');
    writer.close();
  });

  it('shuts down without hanging while the database is unreachable, reporting what it could not write', async () => {
    // Its own logger and its own /healthz and /metrics: what the previous test's server did says nothing about this one.
    const secondLog = capturedLogger();
    // A long projection delay keeps the projection pending at shutdown, where it would wait for rows that never land.
    const second = await startTestServer(storage, { commitRetryMaxMs: 100, projectionDelayMs: 60_000 }, { logger: secondLog.logger });
    const scriptId = await createScriptFor(storage, 'closer');
    const writer = new SavingClient(`${second.wsBase}/${scriptId}?token=dev:closer`);
    await writer.connect();
    proxy.cut();
    line(writer.doc).insert(0, 'Never acknowledged. ');
    // Shut down from inside the retry loop: this server's write has failed and been retried, and the row is still held.
    // Fails if the group commit stops retrying after a failure (group-commit.ts not rescheduling while failing).
    await eventually(async () => {
      const { httpStatus, body } = await health(second.url);
      const failures = await metricValue(second.url, 'writersroom_commit_failures_total');
      return httpStatus === 503 && body.storage.pendingRows > 0 && failures > 1;
    }, 'write failing and retried');
    await second.close({ flushTimeoutMs: 300 });
    expect(secondLog.lines().find((entry) => entry.msg === 'stopped with unacknowledged rows; their clients still hold them')).toMatchObject({
      unwrittenRows: 1,
    });
    expect(writer.counts.saved).toBeLessThan(writer.counts.sent);
    writer.close();
    proxy.restore();
  });
});
