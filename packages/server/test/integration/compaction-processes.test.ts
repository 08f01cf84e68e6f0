import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../src/logger.js';
import { compactScript, type CompactionResult } from '../../src/maintenance/compaction.js';
import { openScriptDocument } from '../../src/maintenance/open-script-document.js';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../src/storage/open-sqlite-database.js';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { postgresAvailable } from '../support/postgres.js';
import { blankPageUpdate, eventually, line, whenSynced } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor, metricValue, openTestStorage, type StorageKind, type TestStorage } from '../support/test-server.js';

const childModule = fileURLToPath(new URL('../support/compaction-child.ts', import.meta.url));

const kinds: Array<{ kind: StorageKind; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

const EDITS = 120;

type ChildMode = 'try' | 'wait' | 'kill-after-insert' | 'kill-before-commit' | 'hold';

interface CompactionChild {
  /** Resolves once the child's storage answered. */
  ready: Promise<void>;
  /** Lets the child compact. */
  go(): void;
  /** Mode `hold`: resolves once the child is inside its compaction, holding the script's lock. */
  holding: Promise<void>;
  /** Mode `hold`: lets the child finish its compaction (and so release the lock). */
  release(): void;
  /** The child's result, or undefined when it died without printing one. */
  result: Promise<CompactionResult | undefined>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function storageLocation(db: TestStorage): string {
  return db.location.kind === 'sqlite' ? path.join(db.location.dataDir, 'writersroom.sqlite') : db.location.url;
}

function startChild(db: TestStorage, scriptId: string, mode: ChildMode): CompactionChild {
  const child = spawn(process.execPath, ['--import', 'tsx', childModule, storageLocation(db), scriptId, mode], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  const printed = (wanted: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.split('\n').includes(wanted)) resolve();
      };
      child.stdout.on('data', check);
      void exit.then(({ code, signal }) => reject(new Error(`compaction child exited before printing ${wanted} (${code ?? signal}): ${stderr}`)));
    });
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const ready = printed('ready');
  const holding = printed('holding');
  // Not every test waits for it: a child that dies without holding must not be an unhandled rejection.
  holding.catch(() => undefined);
  const result = exit.then(() => {
    const json = stdout.split('\n').find((line) => line.startsWith('{'));
    return json ? (JSON.parse(json) as CompactionResult) : undefined;
  });
  return { ready, go: () => child.stdin.write('go\n'), holding, release: () => child.stdin.write('release\n'), result, exit };
}

/** A script of one blank-page baseline and EDITS typing rows `<0>` … `<EDITS-1>`; returns its id. */
async function typedScript(storage: Storage): Promise<string> {
  const scriptId = await createScriptFor(storage, 'writer');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, blankPageUpdate());
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < EDITS; i++) line(doc).insert(line(doc).length, `<${i}>`);
  await storage.appendVersions(updates.map((update) => ({ scriptId, update, createdBy: null, kind: 'update' as const })));
  return scriptId;
}

const EXPECTED_TEXT = Array.from({ length: EDITS }, (_, i) => `<${i}>`).join('');

/** Opens the script the way the server does; fails on any corruption found. */
async function openedText(storage: Storage, scriptId: string): Promise<string> {
  const reasons: string[] = [];
  const { doc } = await openScriptDocument(storage, scriptId, { corruption: (reason) => reasons.push(reason), logger: createLogger('silent') });
  expect(reasons).toEqual([]);
  return line(doc).toString();
}

for (const { kind, available } of kinds) {
  describe.skipIf(!available)(`a compactor killed mid-way on ${kind}`, () => {
    let db: TestStorage;
    beforeAll(async () => {
      db = await openTestStorage(kind);
    });
    afterAll(async () => {
      await db.cleanup();
    });

    for (const mode of ['kill-after-insert', 'kill-before-commit'] as const) {
      it(`[ST32] ${mode === 'kill-after-insert' ? 'between the insert and the delete' : 'after the delete, before the commit'}: the old rows stay and the script loads completely`, async () => {
        const scriptId = await typedScript(db.storage);
        const before = await db.storage.loadVersions(scriptId);
        const child = startChild(db, scriptId, mode);
        await child.ready;
        child.go();
        const { signal, stderr } = await child.exit;
        expect(signal, stderr).toBe('SIGKILL');
        expect(await child.result).toBeUndefined();

        expect(await db.storage.loadVersions(scriptId)).toEqual(before);
        expect(await openedText(db.storage, scriptId)).toBe(EXPECTED_TEXT);
        // The lock died with the process: the next compaction goes through and keeps everything.
        expect(await compactScript(db.storage, scriptId)).toMatchObject({ status: 'compacted', rowsRemoved: EDITS + 1 });
        expect(await db.storage.countVersions(scriptId)).toBe(1);
        expect(await openedText(db.storage, scriptId)).toBe(EXPECTED_TEXT);
      });
    }
  });
}

describe.skipIf(!postgresAvailable)('two compactors of one script on PostgreSQL', () => {
  let db: TestStorage;
  beforeAll(async () => {
    db = await openTestStorage('postgres');
  });
  afterAll(async () => {
    await db.cleanup();
  });

  for (const lock of ['try', 'wait'] as const) {
    it(`[ST33] two processes started at the same moment with lock '${lock}': one does the work and the result is whole`, async () => {
      const scriptId = await typedScript(db.storage);
      const children = [startChild(db, scriptId, lock), startChild(db, scriptId, lock)];
      await Promise.all(children.map((child) => child.ready));
      for (const child of children) child.go();
      const results = await Promise.all(children.map((child) => child.result));
      const exits = await Promise.all(children.map((child) => child.exit));
      expect(exits.map((e) => e.code), exits.map((e) => e.stderr).join('\n')).toEqual([0, 0]);

      const compacted = results.filter((r) => r?.status === 'compacted');
      expect(compacted).toHaveLength(1);
      expect(compacted[0]).toMatchObject({ rowsBefore: EDITS + 1, rowsRemoved: EDITS + 1 });
      const other = results.find((r) => r?.status === 'skipped');
      expect(lock === 'try' ? ['locked', 'too-few-rows'] : ['too-few-rows']).toContain(other?.reason);
      expect(await db.storage.countVersions(scriptId)).toBe(1);
      expect(await openedText(db.storage, scriptId)).toBe(EXPECTED_TEXT);
    });
  }

  it("[ST33] while one storage instance compacts, another's 'try' is skipped as locked and its 'wait' finds the baseline", async () => {
    const scriptId = await typedScript(db.storage);
    if (db.location.kind !== 'postgres') throw new Error('unreachable');
    const second = createPostgresStorage({ connectionString: db.location.url, maxConnections: 2 });
    try {
      let attempts: [CompactionResult, Promise<CompactionResult>] | undefined;
      let waitedWhileHeld = false;
      const first = await compactScript(db.storage, scriptId, {
        // Inside the first compaction's transaction, lock held: ask the other instance.
        afterInsert: async () => {
          const tried = await compactScript(second, scriptId, { lock: 'try' });
          const waiting = compactScript(second, scriptId, { lock: 'wait' });
          attempts = [tried, waiting];
          let settled = false;
          void waiting.finally(() => (settled = true));
          await new Promise((resolve) => setTimeout(resolve, 200));
          waitedWhileHeld = !settled;
        },
      });
      expect(first).toMatchObject({ status: 'compacted', rowsRemoved: EDITS + 1 });
      expect(attempts?.[0]).toMatchObject({ status: 'skipped', reason: 'locked', rowsBefore: 0 });
      expect(waitedWhileHeld).toBe(true);
      expect(await attempts?.[1]).toMatchObject({ status: 'skipped', reason: 'too-few-rows' });
      expect(await openedText(second, scriptId)).toBe(EXPECTED_TEXT);
    } finally {
      await second.close();
    }
  });
});

/** How long the other process holds the lock at most while the server's sweep runs. */
const HOLD_MS = 3_000;
/**
 * A sweep that skips is a query and a refused lock: milliseconds. Under half
 * of SQLite's busy timeout, which a sweep waiting for the lock would spend
 * before failing with SQLITE_BUSY, and far under the hold on PostgreSQL, where
 * it would wait for the holder.
 */
const SWEEP_BUDGET_MS = SQLITE_BUSY_TIMEOUT_MS / 2;

for (const { kind, available } of kinds) {
  describe.skipIf(!available)(`the server's sweep while another process compacts a script on ${kind}`, () => {
    // Sweeps only when the test runs one; quick retries of the commits a held SQLite write lock refuses.
    const suite = useServerSuite(kind, { compactIntervalMs: 3_600_000, compactMaxRows: 10, compactLiveIntervalMs: 0, commitRetryMaxMs: 200 });

    const title =
      kind === 'postgres'
        ? "[SY24] [ST33] skips the script at once, and goes on acknowledging its edits: appends take no script lock"
        : "[SY24] [ST33] skips the script at once; edits still reach the other writers, acknowledged once the other process lets go of the database's write lock";
    it(title, async () => {
      const scriptId = await typedScript(suite.db.storage);
      const writer = new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:writer`);
      await writer.connect();
      const reader = suite.connect(scriptId, 'writer');
      await whenSynced(reader);

      // A real compaction in another process, stopped between its insert and its delete: it holds the
      // script's lock (PostgreSQL's advisory lock on the script's key; SQLite's write lock) until released.
      const holder = startChild(suite.db, scriptId, 'hold');
      await holder.ready;
      holder.go();
      await holder.holding;
      try {
        const started = performance.now();
        let sweepMs: number | undefined;
        void suite.server.compactor.sweep().then(() => (sweepMs = performance.now() - started));
        // Fails if the Compactor passes lock: 'wait' (compactor.ts): on PostgreSQL the sweep waits for the holder,
        // on SQLite it stands still for the busy timeout and fails with SQLITE_BUSY instead of skipping.
        await eventually(() => sweepMs !== undefined, 'the sweep ends while the other process holds the lock', HOLD_MS);
        expect(sweepMs).toBeLessThan(SWEEP_BUDGET_MS);
        expect(await metricValue(suite.server.url, 'writersroom_compactions_skipped_total', 'reason="locked"')).toBe(1);
        expect(await metricValue(suite.server.url, 'writersroom_compaction_failures_total')).toBe(0);
        expect(await metricValue(suite.server.url, 'writersroom_scripts_compacted_total', 'trigger="interval"')).toBe(0);

        line(writer.doc).insert(line(writer.doc).length, '<held>');
        await eventually(() => line(reader.doc).toString().includes('<held>'), 'the edit reaches the other writer');
        if (kind === 'postgres') {
          // Appends never take the script's lock ([ST31]): the edit is committed, and acknowledged, while it is held.
          await writer.whenSaved(HOLD_MS);
        } else {
          // SQLite's lock is the database's write lock, which the group commit needs as well: its inserts fail with
          // SQLITE_BUSY and are retried, the rows kept in memory, so no Saved may come ([SY9], [SY10]).
          await delay(4 * SQLITE_BUSY_TIMEOUT_MS);
          expect(writer.counts.saved).toBeLessThan(writer.counts.sent);
        }
      } finally {
        holder.release();
      }
      expect(await holder.result).toMatchObject({ status: 'compacted', rowsBefore: EDITS + 1, rowsRemoved: EDITS + 1 });
      expect((await holder.exit).code).toBe(0);
      await writer.whenSaved();
      // The other process's baseline plus the edit made while it held the script: nothing lost.
      expect(line(writer.doc).toString()).toBe(`${EXPECTED_TEXT}<held>`);
      expect(await openedText(suite.db.storage, scriptId)).toBe(`${EXPECTED_TEXT}<held>`);
      writer.close();
    });
  });
}
