import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { Metrics } from '../metrics.js';
import { createSqliteStorage } from '../storage/sqlite-storage.js';
import type { DocumentLog, NewVersion, Storage } from '../storage/storage.js';
import { GroupCommit } from './group-commit.js';

/** Real SQLite storage whose next `failures` appends throw, as a locked or unreachable database does. */
function faultyStorage(storage: Storage, state: { failures: number; calls: number[] }): Pick<DocumentLog, 'appendVersions'> {
  return {
    async appendVersions(rows) {
      state.calls.push(rows.length);
      if (state.failures > 0) {
        state.failures -= 1;
        throw new Error('database is locked');
      }
      return storage.appendVersions(rows);
    },
  };
}

describe('GroupCommit', () => {
  let dir: string;
  let storage: Storage;
  let scriptIds: string[];
  const logger = createLogger('silent');

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'wr-gc-'));
    storage = createSqliteStorage({ file: path.join(dir, 'db.sqlite') });
    await storage.migrate();
    const owner = await storage.provisionUser({ firebaseUid: 'dev:owner' });
    scriptIds = [];
    for (let i = 0; i < 3; i++) scriptIds.push((await storage.createScript({ ownerId: owner.userId, title: `s${i}` })).scriptId);
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (scriptId: string, byte: number): NewVersion => ({ scriptId, update: new Uint8Array([byte]), createdBy: null, kind: 'update' });

  it('[SY8] writes rows of several scripts arriving within one window with one insert', async () => {
    const state = { failures: 0, calls: [] as number[] };
    const commit = new GroupCommit({ storage: faultyStorage(storage, state), windowMs: 20, retryMaxMs: 100, metrics: new Metrics({ processMetrics: false }), logger });
    await Promise.all(Array.from({ length: 30 }, (_, i) => commit.append(row(scriptIds[i % 3]!, i))));
    expect(state.calls).toEqual([30]);
    for (const scriptId of scriptIds) expect(await storage.countVersions(scriptId)).toBe(10);
  });

  it('[SY8] resolves an append only once its row is durable, in append order', async () => {
    const commit = new GroupCommit({ storage, windowMs: 1, retryMaxMs: 100, metrics: new Metrics({ processMetrics: false }), logger });
    const seen: number[] = [];
    const appends = Array.from({ length: 5 }, (_, i) =>
      commit.append(row(scriptIds[0]!, i)).then(async () => {
        seen.push(i);
        const stored = await storage.loadVersions(scriptIds[0]!);
        expect(stored.map((version) => version.update[0])).toContain(i);
      }),
    );
    await Promise.all(appends);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    const stored = await storage.loadVersions(scriptIds[0]!);
    expect(stored.map((version) => version.update[0])).toEqual([0, 1, 2, 3, 4]);
  });

  it('[SY10] keeps failed rows, retries them in order, and reports the failure until it recovers', async () => {
    const state = { failures: 3, calls: [] as number[] };
    const metrics = new Metrics({ processMetrics: false });
    const commit = new GroupCommit({ storage: faultyStorage(storage, state), windowMs: 1, retryMaxMs: 40, metrics, logger });
    const first = commit.append(row(scriptIds[0]!, 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(commit.health()).toMatchObject({ healthy: false, pendingRows: 1, lastError: 'database is locked' });
    expect(commit.hasPending(scriptIds[0]!)).toBe(true);
    const second = commit.append(row(scriptIds[0]!, 2));
    await Promise.all([first, second]);
    expect(state.calls.length).toBe(4);
    expect(commit.health()).toMatchObject({ healthy: true, pendingRows: 0, lastError: undefined });
    expect(commit.hasPending(scriptIds[0]!)).toBe(false);
    expect((await storage.loadVersions(scriptIds[0]!)).map((version) => version.update[0])).toEqual([1, 2]);
    expect((await metrics.commitFailures.get()).values[0]?.value).toBe(3);
  });

  // Broken on purpose: with ScriptsGoneError handled as any failure, the other script's row was retried with the
  // gone one's for ever and never stored (this timed out), and health turned unhealthy.
  it('[SY46] drops the rows of a script deleted for good, never Saved, and writes the other scripts\' rows at once', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const gone: string[] = [];
    const commit = new GroupCommit({ storage, windowMs: 20, retryMaxMs: 10_000, metrics, logger, onScriptGone: (scriptId) => gone.push(scriptId) });
    const [deleted, kept] = [scriptIds[0]!, scriptIds[1]!];
    await storage.setScriptDeleted(deleted, true);
    expect(await storage.deleteScriptForever(deleted, [])).toBe('deleted');
    let deletedSettled = false;
    void commit.append(row(deleted, 1)).finally(() => (deletedSettled = true));
    await Promise.all([commit.append(row(kept, 2)), commit.append(row(kept, 3))]);
    expect((await storage.loadVersions(kept)).map((version) => version.update[0])).toEqual([2, 3]);
    expect(gone).toEqual([deleted]);
    expect(commit.hasPending(deleted)).toBe(false);
    expect(commit.health()).toMatchObject({ healthy: true, pendingRows: 0 });
    expect((await metrics.commitFailures.get()).values[0]?.value ?? 0).toBe(0);
    // A row of it that comes later is dropped the same way, and the writer is not held up by it.
    void commit.append(row(deleted, 4)).finally(() => (deletedSettled = true));
    await commit.append(row(kept, 5));
    expect(await commit.close(1000)).toEqual({ unwrittenRows: 0 });
    expect(deletedSettled).toBe(false);
    expect(gone).toEqual([deleted, deleted]);
  });

  it('splits a backlog into inserts of at most maxBatchRows rows', async () => {
    const state = { failures: 0, calls: [] as number[] };
    const commit = new GroupCommit({
      storage: faultyStorage(storage, state),
      windowMs: 5,
      retryMaxMs: 100,
      maxBatchRows: 4,
      metrics: new Metrics({ processMetrics: false }),
      logger,
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => commit.append(row(scriptIds[1]!, i))));
    expect(state.calls).toEqual([4, 4, 2]);
  });

  it('close() flushes what is queued and then refuses new rows', async () => {
    const commit = new GroupCommit({ storage, windowMs: 1000, retryMaxMs: 100, metrics: new Metrics({ processMetrics: false }), logger });
    void commit.append(row(scriptIds[2]!, 7));
    expect(await commit.close(1000)).toEqual({ unwrittenRows: 0 });
    expect(await storage.countVersions(scriptIds[2]!)).toBe(1);
    expect(() => commit.append(row(scriptIds[2]!, 8))).toThrow(/closed/);
  });

  it('close() counts the rows of a commit still in flight when its time is up as unwritten', async () => {
    let finish: () => void = () => {};
    const slow: Pick<DocumentLog, 'appendVersions'> = {
      async appendVersions(rows) {
        await new Promise<void>((resolve) => (finish = resolve));
        return storage.appendVersions(rows);
      },
    };
    const commit = new GroupCommit({ storage: slow, windowMs: 1, retryMaxMs: 100, metrics: new Metrics({ processMetrics: false }), logger });
    const stored = Promise.all([commit.append(row(scriptIds[0]!, 1)), commit.append(row(scriptIds[1]!, 2))]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Fails if only the queue is counted: the shutdown would then wait for those rows' projections, which wait for them.
    expect(await commit.close(50)).toEqual({ unwrittenRows: 2 });
    finish();
    await stored;
  });
});
