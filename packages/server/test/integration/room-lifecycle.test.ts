import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { connectStockClient, eventually, whenSynced } from '../support/providers.js';
import { createScriptFor, metricValue, openTestStorage, startTestServer, type TestServer, type TestStorage } from '../support/test-server.js';

describe('room lifecycle', () => {
  let db: TestStorage;
  let server: TestServer;
  const providers: WebsocketProvider[] = [];

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    server = await startTestServer(db.storage, { unloadGraceMs: 300 });
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server.close();
    await db.cleanup();
  });

  it('[SY3] loads a cold script once for ten clients arriving at the same moment', async () => {
    const scriptId = await createScriptFor(db.storage, 'owner');
    // Each stock provider listens for the process's 'exit' until destroyed; ten at once exceed Node's default of 10.
    process.setMaxListeners(20);
    const clients = Array.from({ length: 10 }, () => connectStockClient(server.wsBase, scriptId, 'owner'));
    providers.push(...clients);
    await Promise.all(clients.map((client) => whenSynced(client)));
    expect(await metricValue(server.url, 'writersroom_sync_first_reply_seconds_count', 'load="cold"')).toBe(1);
    expect(await metricValue(server.url, 'writersroom_sync_first_reply_seconds_count', 'load="warm"')).toBe(9);
    expect(await metricValue(server.url, 'writersroom_loaded_scripts')).toBe(1);
  });

  it('[SY5] unloads a script a grace period after its last client leaves, and reloads it intact', async () => {
    const scriptId = await createScriptFor(db.storage, 'owner');
    const loadedBefore = await metricValue(server.url, 'writersroom_loaded_scripts');
    const client = connectStockClient(server.wsBase, scriptId, 'owner');
    await whenSynced(client);
    client.doc.getText('t').insert(0, 'Still here after unloading.');
    await eventually(async () => (await db.storage.countVersions(scriptId)) === 1, 'edit stored');
    client.destroy();

    // Within the grace period a reconnect finds it loaded; after it, it is gone.
    expect(await metricValue(server.url, 'writersroom_loaded_scripts')).toBe(loadedBefore + 1);
    await eventually(async () => (await metricValue(server.url, 'writersroom_loaded_scripts')) === loadedBefore, 'script unloaded', 5000);

    const again = connectStockClient(server.wsBase, scriptId, 'owner');
    providers.push(again);
    await whenSynced(again);
    expect(again.doc.getText('t').toString()).toBe('Still here after unloading.');
  });
});
