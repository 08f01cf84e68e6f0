/**
 * The plan's three §1.1 diagnostic queries (seed/000_9e897be0d2178b58.txt),
 * copied verbatim, must keep working on our PostgreSQL schema (DESIGN.md,
 * "Storage schema"). Fixture rows are written through the Storage interface,
 * so this also checks that what the server writes is what operators query.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import type { NewVersion, ScriptRecord, Storage, StoredVersion } from '../../src/storage/storage.js';
import { QUERY_1, QUERY_2, QUERY_3 } from '../support/plan-queries.js';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/postgres.js';


/** Long enough for a millisecond timestamp to move on. */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

function blocks(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({ type: 'action', content: [{ type: 'text', text: `Block ${i}` }] }));
}

describe.skipIf(!postgresAvailable)('the plan’s diagnostic queries on our PostgreSQL schema', () => {
  let database: TestDatabase;
  let storage: Storage;
  let client: pg.Client;
  /** Fixture scripts by title, re-read after all writes. */
  const scripts = new Map<string, ScriptRecord>();
  const versions = new Map<string, StoredVersion[]>();

  beforeAll(async () => {
    database = await createTestDatabase();
    storage = createPostgresStorage({ connectionString: database.url });
    await storage.migrate();
    const owner = (await storage.provisionUser({ firebaseUid: 'ann' })).userId;
    const create = (title: string, contentBlocks: unknown[] | null) => storage.createScript({ ownerId: owner, title, contentBlocks });
    const rows = (script: ScriptRecord, count: number, kind: NewVersion['kind'] = 'update'): NewVersion[] =>
      Array.from({ length: count }, (_, i) => ({ scriptId: script.scriptId, update: Uint8Array.of(i), createdBy: owner, kind }));

    // REST newer: history first, then a projection stamped with the wall clock (what the old REST autosave did)
    // puts updated_at past the last row.
    const restNewer = await create('Rest newer', blocks(3));
    await tick();
    await storage.appendVersions([...rows(restNewer, 1, 'baseline'), ...rows(restNewer, 2)]);
    await tick();
    await storage.updateContentBlocks(restNewer.scriptId, blocks(4), new Date());

    // Projected as the server does it: stamped with the createdAt of the newest row it reflects, written later.
    const projected = await create('Projected', blocks(1));
    await tick();
    await storage.appendVersions(rows(projected, 2));
    await tick();
    await storage.appendVersions(rows(projected, 2));
    const newest = await storage.latestVersion(projected.scriptId);
    if (newest === undefined) throw new Error('fixture: Projected has no rows');
    await tick();
    await storage.updateContentBlocks(projected.scriptId, blocks(5), newest.createdAt);

    // Yjs current: rows written after the last REST change, in two batches.
    const yjsCurrent = await create('Yjs current', blocks(1));
    await tick();
    await storage.appendVersions(rows(yjsCurrent, 1));
    await tick();
    await storage.appendVersions(rows(yjsCurrent, 1));

    // Content but no Yjs history at all.
    await create('No Yjs', blocks(2));
    // History but an empty projection.
    const emptyBlocks = await create('Empty blocks', []);
    await tick();
    await storage.appendVersions(rows(emptyBlocks, 1));
    // Never projected, never edited.
    await create('Never projected', null);

    for (const listing of await storage.listScriptsForUser(owner)) {
      scripts.set(listing.title, listing);
      versions.set(listing.title, await storage.loadVersions(listing.scriptId));
    }

    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await storage?.close();
    await database?.drop();
  });

  function id(title: string): string {
    const script = scripts.get(title);
    if (script === undefined) throw new Error(`no fixture script ${title}`);
    return script.scriptId;
  }

  function lastRowTime(title: string): number {
    return Math.max(...(versions.get(title) ?? []).map((v) => v.createdAt.getTime()));
  }

  function firstRowTime(title: string): number {
    return Math.min(...(versions.get(title) ?? []).map((v) => v.createdAt.getTime()));
  }

  it('[ST3] query 1 counts every stored row per script with history, most rows first', async () => {
    const { rows } = await client.query(QUERY_1);
    expect(rows.map((r) => [r.script_id, r.title, Number(r.update_count)])).toEqual([
      [id('Projected'), 'Projected', 4],
      [id('Rest newer'), 'Rest newer', 3],
      [id('Yjs current'), 'Yjs current', 2],
      [id('Empty blocks'), 'Empty blocks', 1],
    ]);
    for (const r of rows) {
      expect((r.first_update as Date).getTime()).toBe(firstRowTime(r.title));
      expect((r.last_update as Date).getTime()).toBe(lastRowTime(r.title));
      expect((r.rest_updated_at as Date).getTime()).toBe(scripts.get(r.title)?.updatedAt.getTime());
    }
    const yjsCurrent = rows.find((r) => r.title === 'Yjs current');
    expect((yjsCurrent.first_update as Date).getTime()).toBeLessThan((yjsCurrent.last_update as Date).getTime());
  });

  it('[ST3] [ST8] query 2 finds exactly the script whose REST projection is newer than its last row, not a projected one', async () => {
    const { rows } = await client.query(QUERY_2);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ script_id: id('Rest newer'), title: 'Rest newer', state: 'REST_NEWER' });
    expect((row.rest_updated as Date).getTime()).toBe(scripts.get('Rest newer')?.updatedAt.getTime());
    expect((row.yjs_updated as Date).getTime()).toBe(lastRowTime('Rest newer'));
    expect((row.rest_updated as Date).getTime()).toBeGreaterThan((row.yjs_updated as Date).getTime());
    // The projected script's projection was written after its last row, yet is stamped with that row's time.
    expect(scripts.get('Projected')?.updatedAt.getTime()).toBe(lastRowTime('Projected'));
    expect(scripts.get('Projected')?.contentBlocks).toHaveLength(5);
  });

  it('[ST3] query 3 lists scripts with non-empty content blocks and their row counts, zero when there is no history', async () => {
    const { rows } = await client.query(QUERY_3);
    const found = rows
      .map((r) => [r.script_id, r.title, Number(r.block_count), Number(r.yjs_update_count)])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect(found).toEqual([
      [id('No Yjs'), 'No Yjs', 2, 0],
      [id('Projected'), 'Projected', 5, 4],
      [id('Rest newer'), 'Rest newer', 4, 3],
      [id('Yjs current'), 'Yjs current', 1, 2],
    ]);
  });
});
