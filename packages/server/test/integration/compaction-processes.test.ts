import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createLogger } from '../../src/logger.js';
import { compactScript, type CompactionResult } from '../../src/maintenance/compaction.js';
import { openScriptDocument } from '../../src/maintenance/open-script-document.js';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { postgresAvailable } from '../support/postgres.js';
import { blankPageUpdate, line } from '../support/providers.js';
import { createScriptFor, openTestStorage, type StorageKind, type TestStorage } from '../support/test-server.js';

const childModule = fileURLToPath(new URL('../support/compaction-child.ts', import.meta.url));

const kinds: Array<{ kind: StorageKind; available: boolean }> = [
  { kind: 'sqlite', available: true },
  { kind: 'postgres', available: postgresAvailable },
];

const EDITS = 120;

type ChildMode = 'try' | 'wait' | 'kill-after-insert' | 'kill-before-commit';

interface CompactionChild {
  /** Resolves once the child's storage answered. */
  ready: Promise<void>;
  /** Lets the child compact. */
  go(): void;
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
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
    void exit.then(({ code, signal }) => reject(new Error(`compaction child exited before it was ready (${code ?? signal}): ${stderr}`)));
  });
  const result = exit.then(() => {
    const json = stdout.split('\n')[1];
    return json ? (JSON.parse(json) as CompactionResult) : undefined;
  });
  return { ready, go: () => child.stdin.write('go\n'), result, exit };
}

/** A script of one blank-page snapshot and EDITS typing rows `<0>` … `<EDITS-1>`; returns its id. */
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

  it("[ST33] while one storage instance compacts, another's 'try' is skipped as locked and its 'wait' finds the snapshot", async () => {
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
