import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compactScript, type CompactionResult } from '../../src/maintenance/compaction.js';
import type { Storage, StoredVersion } from '../../src/storage/storage.js';
import { postgresAvailable } from '../support/postgres.js';
import { eventually, line } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { useServerSuite, type ServerSuite } from '../support/server-suite.js';
import { capturedLogger, createScriptFor, metricValue } from '../support/test-server.js';

const kinds: Array<{ kind: 'sqlite' | 'postgres'; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

const WRITERS = 20;
const EDITS_PER_WRITER = 40;
const SEED = Number(process.env.COMPACTION_TEST_SEED ?? 20_250_131);

/** mulberry32: the same positions and pauses for a seed; the seed is in the test title. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function textOfRows(rows: readonly StoredVersion[]): string {
  const doc = new Y.Doc();
  doc.transact(() => rows.forEach((row) => Y.applyUpdate(doc, row.update)));
  return line(doc).toString();
}

/** Whether applying `update` to `doc` changes it, i.e. `doc` did not already hold it. */
function adds(doc: Y.Doc, update: Uint8Array): boolean {
  let changed = false;
  const onUpdate = () => (changed = true);
  doc.on('update', onUpdate);
  Y.applyUpdate(doc, update);
  doc.off('update', onUpdate);
  return changed;
}

/** Editors `writer0` … `writerN-1` of a fresh blank script, connected and synced. */
async function writersOf(suite: ServerSuite, scriptId: string, count: number): Promise<SavingClient[]> {
  const clients: SavingClient[] = [];
  for (let c = 0; c < count; c++) {
    const user = await suite.db.storage.provisionUser({ firebaseUid: `dev:writer${c}` });
    await suite.db.storage.setCollaborator(scriptId, user.userId, 'editor');
    clients.push(new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:writer${c}`));
  }
  await Promise.all(clients.map((client) => client.connect()));
  return clients;
}

/**
 * What the writers typed: markers `[writer.edit]`, each inserted whole at a
 * marker boundary (so no marker is ever split), some deleted again by their
 * author.
 */
class Typing {
  readonly inserted = new Set<string>();
  readonly deleted = new Set<string>();

  constructor(private readonly random: () => number) {}

  insert(client: SavingClient, marker: string): void {
    const text = line(client.doc);
    const current = text.toString();
    const boundaries = [0];
    for (let i = 0; i < current.length; i++) if (current[i] === ']') boundaries.push(i + 1);
    text.insert(boundaries[Math.floor(this.random() * boundaries.length)]!, marker);
    this.inserted.add(marker);
  }

  delete(client: SavingClient, marker: string): void {
    const text = line(client.doc);
    text.delete(text.toString().indexOf(marker), marker.length);
    this.deleted.add(marker);
  }

  async session(client: SavingClient, writer: number, edits: number): Promise<void> {
    const mine: string[] = [];
    for (let i = 0; i < edits; i++) {
      if (mine.length > 2 && this.random() < 0.15) {
        this.delete(client, mine.splice(Math.floor(this.random() * mine.length), 1)[0]!);
      } else {
        const marker = `[${writer}.${i}]`;
        this.insert(client, marker);
        mine.push(marker);
      }
      await delay(2 + Math.floor(this.random() * 20));
    }
  }

  /** Every marker typed and not deleted is in `text` exactly once; no deleted one is. */
  expectIn(text: string): void {
    const missing = [...this.inserted].filter((m) => !this.deleted.has(m) && text.split(m).length !== 2);
    const resurrected = [...this.deleted].filter((m) => text.includes(m));
    expect({ missing, resurrected }).toEqual({ missing: [], resurrected: [] });
  }
}

async function expectUnloaded(suite: ServerSuite): Promise<void> {
  await eventually(async () => (await metricValue(suite.server.url, 'writersroom_loaded_scripts')) === 0, 'every script unloaded', 10_000);
}

for (const { kind, available } of kinds) {
  describe.skipIf(!available)(`compaction while ${WRITERS} writers edit on ${kind}`, () => {
    // The server's own compactor is off: the test's compactions are the only ones, so the log's shape is known.
    const suite = useServerSuite(kind, { unloadGraceMs: 100, compactIntervalMs: 0 });

    it(`[SY25] [ST31] loses no acknowledged edit, and leaves one baseline plus the rows written after it (seed ${SEED})`, async () => {
      const storage: Storage = suite.db.storage;
      const scriptId = await createScriptFor(storage, 'owner');
      const clients = await writersOf(suite, scriptId, WRITERS);
      const typing = new Typing(seeded(SEED));

      // Compactions one after another, all through the editing.
      const results: CompactionResult[] = [];
      let editing = true;
      const compacting = (async () => {
        while (editing) {
          await delay(30);
          results.push(await compactScript(storage, scriptId));
        }
      })();
      await Promise.all(clients.map((client, writer) => typing.session(client, writer, EDITS_PER_WRITER)));
      editing = false;
      await compacting;
      await Promise.all(clients.map((client) => client.whenSaved()));
      expect(results.filter((r) => r.status === 'compacted').length).toBeGreaterThanOrEqual(3);
      expect(results.every((r) => r.status === 'compacted' || r.reason === 'too-few-rows')).toBe(true);

      // The log: one baseline, then only rows that baseline does not hold.
      let rows = await storage.loadVersions(scriptId);
      expect(rows.filter((r) => r.kind === 'baseline')).toHaveLength(1);
      let baseline = new Y.Doc();
      Y.applyUpdate(baseline, rows[0]!.update);
      expect(rows.slice(1).filter((r) => !adds(baseline, r.update))).toEqual([]);

      // Once more, then one edit per writer: exactly the baseline plus those rows.
      await compactScript(storage, scriptId);
      expect(await storage.countVersions(scriptId)).toBe(1);
      for (const [writer, client] of clients.entries()) typing.insert(client, `[${writer}.end]`);
      await Promise.all(clients.map((client) => client.whenSaved()));
      rows = await storage.loadVersions(scriptId);
      expect(rows.map((r) => r.kind)).toEqual(['baseline', ...Array<string>(WRITERS).fill('update')]);
      baseline = new Y.Doc();
      Y.applyUpdate(baseline, rows[0]!.update);
      expect(rows.slice(1).filter((r) => !adds(baseline, r.update))).toEqual([]);

      // Everyone holds the same document, and it is what storage holds.
      const expected = line(clients[0]!.doc).toString();
      await eventually(() => clients.every((client) => line(client.doc).toString() === expected), 'the writers converge');
      typing.expectIn(expected);
      expect(textOfRows(rows)).toBe(expected);

      // A writer arriving after the script left memory loads it from the compacted log.
      for (const client of clients) client.close();
      await expectUnloaded(suite);
      const fresh = new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:owner`);
      await fresh.connect();
      expect(line(fresh.doc).toString()).toBe(expected);
      fresh.close();
    });
  });

  describe.skipIf(!available)(`the server's compaction scheduler on ${kind}`, () => {
    const log = capturedLogger();
    const suite = useServerSuite(kind, { unloadGraceMs: 100, compactIntervalMs: 50, compactMaxRows: 10, compactLiveIntervalMs: 0 }, { logger: log.logger });

    it('[SY24] compacts a script every interval while it is edited, and logs each compaction with its numbers', async () => {
      const scriptId = await createScriptFor(suite.db.storage, 'owner');
      const [client] = await writersOf(suite, scriptId, 1);
      const typing = new Typing(seeded(SEED));
      await typing.session(client!, 0, 60);
      await client!.whenSaved();
      await eventually(async () => (await suite.db.storage.countVersions(scriptId)) <= 10, 'the log compacted by the scheduler');
      expect(await metricValue(suite.server.url, 'writersroom_scripts_compacted_total', 'trigger="interval"')).toBeGreaterThanOrEqual(1);
      expect(await metricValue(suite.server.url, 'writersroom_compaction_rows_removed_total')).toBeGreaterThan(10);
      expect(await metricValue(suite.server.url, 'writersroom_compaction_duration_seconds_count')).toBeGreaterThanOrEqual(1);
      const logged = log.lines().find((entry) => entry.msg === 'script compacted' && entry.scriptId === scriptId);
      expect(logged).toMatchObject({ level: 30, trigger: 'interval', component: 'compaction' });
      for (const field of ['rowsBefore', 'rowsRemoved', 'bytesBefore', 'bytesAfter', 'ms']) expect(typeof logged?.[field]).toBe('number');

      const expected = line(client!.doc).toString();
      typing.expectIn(expected);
      expect(textOfRows(await suite.db.storage.loadVersions(scriptId))).toBe(expected);
      client!.close();
    });
  });

  describe.skipIf(!available)(`compaction when a script unloads on ${kind}`, () => {
    // Sweeps are an hour apart: only the unload can compact here.
    const suite = useServerSuite(kind, { unloadGraceMs: 100, compactIntervalMs: 3_600_000, compactMaxRows: 10, compactLiveIntervalMs: 0 });

    it('[SY24] a script that unloads with more than COMPACT_MAX_ROWS rows is compacted; one with fewer is left alone', async () => {
      const storage = suite.db.storage;
      const long = await createScriptFor(storage, 'owner');
      const short = await createScriptFor(storage, 'owner');
      const [longWriter] = await writersOf(suite, long, 1);
      const [shortWriter] = await writersOf(suite, short, 1);
      const typing = new Typing(seeded(SEED));
      await Promise.all([typing.session(longWriter!, 0, 30), typing.session(shortWriter!, 1, 5)]);
      await Promise.all([longWriter!.whenSaved(), shortWriter!.whenSaved()]);
      const expected = line(longWriter!.doc).toString();
      expect(await storage.countVersions(long)).toBe(31);
      longWriter!.close();
      shortWriter!.close();

      await eventually(async () => (await storage.countVersions(long)) === 1, 'the long log compacted after unloading');
      // Both scripts unloaded means both unloads were handed to the compactor (the gauge drops as each is handed
      // over); a sweep queues behind that work, so once it resolves the short script's unload has been dealt with.
      // It finds no candidate itself: the long log is one row, the short one small and fresh.
      await expectUnloaded(suite);
      await suite.server.compactor.sweep();
      expect(await metricValue(suite.server.url, 'writersroom_scripts_compacted_total', 'trigger="interval"')).toBe(0);
      // These two fail if the on-unload compaction ignores COMPACT_MAX_ROWS (compactor.ts scriptUnloaded not counting rows).
      expect(await metricValue(suite.server.url, 'writersroom_scripts_compacted_total', 'trigger="unload"')).toBe(1);
      expect(await storage.countVersions(short)).toBe(6);
      expect(textOfRows(await storage.loadVersions(long))).toBe(expected);

      const again = new SavingClient(`${suite.server.wsBase}/${long}?token=dev:owner`);
      await again.connect();
      expect(line(again.doc).toString()).toBe(expected);
      again.close();
    });
  });
}
