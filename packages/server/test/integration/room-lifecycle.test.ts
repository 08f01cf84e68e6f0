import { describe, expect, it } from 'vitest';
import { eventually, whenSynced, line } from '../support/providers.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, metricValue } from '../support/test-server.js';

describe('room lifecycle', () => {
  const suite = useServerSuite('sqlite', { unloadGraceMs: 300 });

  it('[SY3] loads a cold script once for ten clients arriving at the same moment', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owner');
    // Each stock provider listens for the process's 'exit' until destroyed; ten at once exceed Node's default of 10.
    process.setMaxListeners(20);
    const clients = Array.from({ length: 10 }, () => suite.connect(scriptId, 'owner'));
    await Promise.all(clients.map((client) => whenSynced(client)));
    expect(await metricValue(suite.server.url, 'writersroom_sync_first_reply_seconds_count', 'load="cold"')).toBe(1);
    expect(await metricValue(suite.server.url, 'writersroom_sync_first_reply_seconds_count', 'load="warm"')).toBe(9);
    expect(await metricValue(suite.server.url, 'writersroom_loaded_scripts')).toBe(1);
  });

  it('[SY5] unloads a script a grace period after its last client leaves, and reloads it intact', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owner');
    const loadedBefore = await metricValue(suite.server.url, 'writersroom_loaded_scripts');
    const client = suite.connect(scriptId, 'owner');
    await whenSynced(client);
    line(client.doc).insert(0, 'Still here after unloading.');
    await eventually(async () => (await suite.db.storage.countVersions(scriptId)) === 2, 'edit stored after the blank page');
    client.destroy();

    // Within the grace period a reconnect finds it loaded; after it, it is gone.
    expect(await metricValue(suite.server.url, 'writersroom_loaded_scripts')).toBe(loadedBefore + 1);
    await eventually(async () => (await metricValue(suite.server.url, 'writersroom_loaded_scripts')) === loadedBefore, 'script unloaded', 5000);

    const again = suite.connect(scriptId, 'owner');
    await whenSynced(again);
    expect(line(again.doc).toString()).toBe('Still here after unloading.');
  });
});
