/**
 * `writersroom clear-yjs` and `restore-yjs` run as child processes against
 * SQLite and PostgreSQL databases prepared through the Storage interface.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { seedWhenEmpty } from '../../src/storage/contract/contract-fixture.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSeedUpdate } from '@writersroom/screenplay';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Storage, StoredVersion } from '../../src/storage/storage.js';
import { postgresAvailable } from '../support/postgres.js';
import { sampleBlocks, typingUpdates } from '../support/screenplay-reading.js';
import { openTestStorage, type StorageKind, type TestStorage } from '../support/test-server.js';
import { runCli } from '../support/cli-runner.js';

const cli = (location: TestStorage['location'], args: string[], cwd: string) => runCli(args, { location, cwd });



/** What must survive a clear and a restore: bytes, kind and author of each row, in load order. */
const logOf = (rows: StoredVersion[]) => rows.map((row) => ({ kind: row.kind, createdBy: row.createdBy, update: Buffer.from(row.update).toString('hex') }));


for (const kind of ['sqlite', 'postgres'] as StorageKind[]) {
  describe.skipIf(kind === 'postgres' && !postgresAvailable)(`writersroom clear-yjs and restore-yjs on ${kind}`, () => {
    let db: TestStorage;
    let storage: Storage;
    let cwd: string;
    let owner: string;
    const blocks = sampleBlocks(5);
    const seed = buildSeedUpdate(blocks);

    /** A script with a seed baseline and three edits (two by the owner, one anonymous). */
    const script = async (contentBlocks: unknown[] | null = blocks) => {
      const created = await storage.createScript({ ownerId: owner, title: 'The Lighthouse', contentBlocks });
      const [a, b, c] = typingUpdates(seed, ['ONE ', 'TWO ', 'THREE ']);
      await storage.appendVersions([{ scriptId: created.scriptId, update: seed, createdBy: null, kind: 'baseline' }]);
      await storage.appendVersions([
        { scriptId: created.scriptId, update: a!, createdBy: owner, kind: 'update' },
        { scriptId: created.scriptId, update: b!, createdBy: null, kind: 'update' },
      ]);
      await storage.appendVersions([{ scriptId: created.scriptId, update: c!, createdBy: owner, kind: 'update' }]);
      return created.scriptId;
    };
    const run = (args: string[]) => cli(db.location, args, cwd);

    beforeAll(async () => {
      db = await openTestStorage(kind);
      storage = db.storage;
      owner = (await storage.provisionUser({ firebaseUid: 'dev:operator' })).userId;
    });
    afterAll(async () => {
      await db.cleanup();
    });
    beforeEach(() => {
      cwd = mkdtempSync(path.join(tmpdir(), 'wr-cli-'));
    });
    afterEach(() => {
      rmSync(cwd, { recursive: true, force: true });
    });

    it('clear-yjs without --execute changes nothing and writes no file', async () => {
      const scriptId = await script();
      const before = await storage.loadVersions(scriptId);
      const result = await run(['clear-yjs', scriptId, '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, dryRun: true, rows: 4, cleared: 0, exportFile: null });
      expect(await storage.loadVersions(scriptId)).toEqual(before);
      expect(await storage.listQuarantined(scriptId)).toEqual([]);
      expect(readdirSync(cwd)).toEqual([]);
    });

    it('clear-yjs without --execute but with --out writes the export and changes nothing else', async () => {
      const scriptId = await script();
      const before = await storage.loadVersions(scriptId);
      const result = await run(['clear-yjs', scriptId, '--out', 'backup.json']);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('DRY RUN');
      expect(await storage.loadVersions(scriptId)).toEqual(before);
      const exported = JSON.parse(readFileSync(path.join(cwd, 'backup.json'), 'utf8')) as { rows: Array<{ update: string }> };
      expect(exported.rows.map((row) => Buffer.from(row.update, 'base64').toString('hex'))).toEqual(logOf(before).map((row) => row.update));
    });

    it('clear-yjs then restore-yjs gives back a byte-identical log', async () => {
      const scriptId = await script();
      const before = await storage.loadVersions(scriptId);

      const cleared = await run(['clear-yjs', scriptId, '--execute', '--json']);
      expect(cleared.code, cleared.stderr).toBe(0);
      const report = JSON.parse(cleared.stdout) as { cleared: number; generation: number; exportFile: string; restoreCommand: string };
      expect(report.cleared).toBe(4);
      // The document is replaced as a whole: browsers' copies of generation 0 are refused from now on.
      expect(report.generation).toBe(1);
      expect(path.dirname(report.exportFile)).toBe(cwd);
      expect(report.restoreCommand).toBe(`writersroom restore-yjs ${report.exportFile} --execute`);
      expect(await storage.countVersions(scriptId)).toBe(0);
      // Moved, not just deleted: the database keeps a second copy.
      expect((await storage.listQuarantined(scriptId)).map((row) => row.versionId)).toEqual(before.map((row) => row.versionId).sort((a, b) => a - b));

      const exported = JSON.parse(readFileSync(report.exportFile, 'utf8')) as Record<string, unknown>;
      expect(exported).toMatchObject({ format: 'writersroom-yjs-export', formatVersion: 1, scriptId, rowCount: 4, checksum: { algorithm: 'sha256' } });
      expect(exported['rows']).toEqual(
        before.map((row) => ({
          versionId: row.versionId,
          // The file keeps the stored value, so files written before baselines had their name still restore.
          kind: row.kind === 'baseline' ? 'snapshot' : 'update',
          createdAt: row.createdAt.toISOString(),
          createdBy: row.createdBy,
          byteLength: row.update.byteLength,
          update: Buffer.from(row.update).toString('base64'),
        })),
      );

      const dryRun = await run(['restore-yjs', report.exportFile]);
      expect(dryRun.code, dryRun.stderr).toBe(0);
      expect(dryRun.stdout).toContain('checksum OK');
      expect(await storage.countVersions(scriptId)).toBe(0);
      expect(await storage.getGeneration(scriptId)).toBe(1);

      const restored = await run(['restore-yjs', report.exportFile, '--execute', '--json']);
      expect(restored.code, restored.stderr).toBe(0);
      expect(JSON.parse(restored.stdout)).toMatchObject({ ok: true, restored: 4, verified: true, generation: 2 });
      expect(await storage.getGeneration(scriptId)).toBe(2);
      const after = await storage.loadVersions(scriptId);
      expect(logOf(after)).toEqual(logOf(before));
      // New ids: ids are never reused.
      expect(Math.min(...after.map((row) => row.versionId))).toBeGreaterThan(Math.max(...before.map((row) => row.versionId)));
    });

    it('refuses to clear when content_blocks are the only other copy and empty, unless --force', async () => {
      const scriptId = await script([]);
      const before = await storage.loadVersions(scriptId);
      const refused = await run(['clear-yjs', scriptId, '--execute', '--json']);
      expect(refused.code).toBe(1);
      expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, exitCode: 1, error: expect.stringContaining('content_blocks are empty') });
      expect(await storage.loadVersions(scriptId)).toEqual(before);
      expect(readdirSync(cwd)).toEqual([]);

      const forced = await run(['clear-yjs', scriptId, '--execute', '--force', '--out', 'forced.json']);
      expect(forced.code, forced.stderr).toBe(0);
      expect(forced.stderr).toContain('--force given');
      expect(await storage.countVersions(scriptId)).toBe(0);
      expect(readdirSync(cwd)).toEqual(['forced.json']);
    });

    it('restore-yjs refuses a script that has rows again, and a file whose checksum does not match', async () => {
      const scriptId = await script();
      const cleared = await run(['clear-yjs', scriptId, '--execute', '--out', 'export.json']);
      expect(cleared.code, cleared.stderr).toBe(0);
      const file = path.join(cwd, 'export.json');

      // An open since the clear seeded the script again.
      await storage.amendLog(scriptId, seedWhenEmpty(() => seed));
      const refused = await run(['restore-yjs', file, '--execute']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('already has 1 Yjs row');
      expect(await storage.countVersions(scriptId)).toBe(1);

      const damaged = readFileSync(file, 'utf8').replace(/"createdAt": "(\d{4})/, (_, year: string) => `"createdAt": "${Number(year) - 1}`);
      writeFileSync(path.join(cwd, 'damaged.json'), damaged);
      const rejected = await run(['restore-yjs', 'damaged.json', '--execute', '--force', '--json']);
      expect(rejected.code).toBe(1);
      expect(JSON.parse(rejected.stdout).error).toContain('checksum mismatch');
      expect(await storage.countVersions(scriptId)).toBe(1);
    });

    it('restore-yjs --force appends the exported rows after the existing ones', async () => {
      const scriptId = await script();
      const before = await storage.loadVersions(scriptId);
      await run(['clear-yjs', scriptId, '--execute', '--out', 'export.json']);
      await storage.amendLog(scriptId, seedWhenEmpty(() => seed));
      const forced = await run(['restore-yjs', 'export.json', '--execute', '--force', '--json']);
      expect(forced.code, forced.stderr).toBe(0);
      expect(JSON.parse(forced.stdout)).toMatchObject({ restored: 4, verified: true, existingRows: 1 });
      const after = await storage.loadVersions(scriptId);
      expect(after).toHaveLength(5);
      expect(logOf(after.slice(1).filter((row) => row.kind === 'update'))).toEqual(logOf(before.filter((row) => row.kind === 'update')));
    });
  });
}
