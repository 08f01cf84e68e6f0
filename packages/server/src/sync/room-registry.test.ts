import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import { projectDocument } from '../maintenance/projection.js';
import { rebuildDocument } from '../maintenance/rebuild-document.js';
import { Metrics } from '../metrics.js';
import type { DocumentLog, UserId } from '../storage/storage.js';
import { createBlankScript, DEFAULT_LIMITS, type BlankScript } from '../../test/support/blank-script.js';
import { advance, deferred, settle, useFakeTimers } from '../../test/support/deferred.js';
import { text } from '../../test/support/providers.js';
import { typeInto, writerCopy } from '../../test/support/writer-edits.js';
import { GroupCommit } from './group-commit.js';
import { INSPECT_ORIGIN } from './origins.js';
import { Projector } from './projector.js';
import { RoomRegistry } from './room-registry.js';
import type { Room } from './room.js';

const UNLOAD_GRACE_MS = 1_000;
const COMMIT_WINDOW_MS = 2;
const PROJECTION_DELAY_MS = 500;

let script: BlankScript;

/** The registry as main.ts composes it, over the real storage, group commit and projector. */
function registryOver(options: { persistTo?: Pick<DocumentLog, 'appendVersions'>; projectionDelayMs?: number } = {}) {
  const metrics = new Metrics({ processMetrics: false });
  const logger = createLogger('silent');
  const writer = new GroupCommit({ storage: options.persistTo ?? script.storage, windowMs: COMMIT_WINDOW_MS, retryMaxMs: 50, metrics, logger });
  const projector = new Projector({ storage: script.storage, delayMs: options.projectionDelayMs ?? PROJECTION_DELAY_MS, metrics, logger });
  /** What the registry told the log watcher, in order: `loaded 1`, `stored`, `unloaded idle`. */
  const logEvents: string[] = [];
  const registry = new RoomRegistry({
    storage: script.storage,
    writer,
    projector,
    unloadGraceMs: UNLOAD_GRACE_MS,
    maxDocumentBytes: DEFAULT_LIMITS.maxDocumentBytes,
    logWatcher: {
      scriptLoaded: (_scriptId, rows) => logEvents.push(`loaded ${rows}`),
      scriptStored: () => logEvents.push('stored'),
      scriptUnloaded: (_scriptId, idle) => logEvents.push(idle ? 'unloaded idle' : 'unloaded'),
    },
    metrics,
    logger,
  });
  return { registry, writer, logEvents };
}

/** A writer's edit arriving through a connection. */
function type(room: Room, words: string, userId: UserId = script.userId): void {
  room.applyClientUpdate(typeInto(writerCopy(room.doc, 11), words), { kind: 'client', connectionId: 1, userId });
}

describe('RoomRegistry', () => {
  useFakeTimers();
  beforeEach(async () => {
    script = await createBlankScript();
  });
  afterEach(async () => {
    await script.storage.close();
  });

  it('[SY3] loads a cold script once, however many acquire it at the same moment', async () => {
    const loads = vi.spyOn(script.storage, 'loadVersions');
    const { registry } = registryOver();

    const leases = await Promise.all(Array.from({ length: 5 }, () => registry.acquire(script.scriptId)));

    // Fails if concurrent acquirers of a cold script each start a load of their own.
    expect(loads).toHaveBeenCalledTimes(1);
    expect(new Set(leases.map((lease) => lease.room)).size).toBe(1);
    expect(leases.map((lease) => lease.cold)).toEqual([true, false, false, false, false]);
    expect(registry.loadedCount).toBe(1);
  });

  it('forgets a failed load, so the next acquire tries again', async () => {
    vi.spyOn(script.storage, 'loadVersions').mockRejectedValueOnce(new Error('database is locked'));
    const { registry } = registryOver();

    const attempts = await Promise.allSettled([registry.acquire(script.scriptId), registry.acquire(script.scriptId)]);
    expect(attempts).toEqual([
      { status: 'rejected', reason: expect.objectContaining({ code: 'WR_ERR_STORAGE_UNAVAILABLE' }) },
      { status: 'rejected', reason: expect.objectContaining({ code: 'WR_ERR_STORAGE_UNAVAILABLE' }) },
    ]);
    expect(registry.loadedCount).toBe(0);

    // Fails if the registry keeps the failed load and hands it to every later acquirer.
    const lease = await registry.acquire(script.scriptId);
    expect(lease.cold).toBe(true);
    expect(text(lease.room.doc)).toBe('');
  });

  it('[SY5] unloads a script UNLOAD_GRACE_MS after its last lease is released, and the next acquire loads it afresh', async () => {
    const { registry, logEvents } = registryOver();
    const first = await registry.acquire(script.scriptId);
    const second = await registry.acquire(script.scriptId);
    type(first.room, 'Hello');

    registry.release(first.room);
    await advance(UNLOAD_GRACE_MS * 3);
    expect(registry.loadedCount).toBe(1);

    registry.release(second.room);
    await advance(UNLOAD_GRACE_MS - 1);
    // Fails if the room leaves memory before the grace period is over.
    expect(registry.loadedCount).toBe(1);
    await advance(1);
    expect(registry.loadedCount).toBe(0);
    // The compactor hears of the load, of the stored edit once it is durable, and of the idle unload ([SY32]).
    expect(logEvents).toEqual(['loaded 1', 'stored', 'unloaded idle']);

    const again = await registry.acquire(script.scriptId);
    expect(again.cold).toBe(true);
    expect(again.room).not.toBe(first.room);
    expect(text(again.room.doc)).toBe('Hello');
  });

  it('[SY5] an acquire within the grace keeps the room, and the grace starts again at the next release', async () => {
    const { registry } = registryOver();
    const lease = await registry.acquire(script.scriptId);
    registry.release(lease.room);
    await advance(UNLOAD_GRACE_MS / 2);

    const back = await registry.acquire(script.scriptId);
    expect(back).toEqual({ room: lease.room, cold: false });
    registry.release(back.room);
    await advance(UNLOAD_GRACE_MS - 1);
    // Fails if an acquire leaves the earlier unload timer running.
    expect(registry.loadedCount).toBe(1);
    await advance(1);
    expect(registry.loadedCount).toBe(0);
  });

  it('[SY5] never unloads a script while the group commit still holds rows for it', async () => {
    const commit = deferred();
    const { registry, writer } = registryOver({
      persistTo: {
        async appendVersions(rows) {
          await commit.promise;
          return script.storage.appendVersions(rows);
        },
      },
    });
    const { room } = await registry.acquire(script.scriptId);
    type(room, 'Hello');
    registry.release(room);

    await advance(UNLOAD_GRACE_MS * 5);
    expect(writer.hasPending(script.scriptId)).toBe(true);
    // Fails if the registry unloads a room whose rows are not durable yet (reloading would lose them).
    expect(registry.loadedCount).toBe(1);

    commit.resolve();
    await settle();
    expect(writer.hasPending(script.scriptId)).toBe(false);
    await advance(UNLOAD_GRACE_MS);
    expect(registry.loadedCount).toBe(0);
    const again = await registry.acquire(script.scriptId);
    expect(text(again.room.doc)).toBe('Hello');
  });

  it('[SY22] writes the final projection before the script leaves memory', async () => {
    const { registry } = registryOver({ projectionDelayMs: UNLOAD_GRACE_MS * 10 });
    const write = script.storage.updateContentBlocks.bind(script.storage);
    const loadedWhenProjected: number[] = [];
    vi.spyOn(script.storage, 'updateContentBlocks').mockImplementation((...args) => {
      loadedWhenProjected.push(registry.loadedCount);
      return write(...args);
    });
    const { room } = await registry.acquire(script.scriptId);
    type(room, 'Hello');
    const expected = projectDocument(room.doc);

    registry.release(room);
    await advance(UNLOAD_GRACE_MS);

    expect(registry.loadedCount).toBe(0);
    // Fails if the room unloads without flushing its due projection (unloading cancels it).
    expect(loadedWhenProjected).toEqual([1]);
    expect((await script.storage.getScript(script.scriptId))?.contentBlocks).toEqual(expected);
  });

  it('[SY7] [SY22] stores a local change with its writer as created_by, and projects it', async () => {
    const { registry } = registryOver();
    const { room } = await registry.acquire(script.scriptId);

    type(room, 'Hello');
    await advance(COMMIT_WINDOW_MS);

    const rows = await script.storage.loadVersions(script.scriptId);
    // Fails if the persist sink does not attribute the row to the writer whose edit it is.
    expect(rows.map(({ kind, createdBy }) => ({ kind, createdBy }))).toEqual([
      { kind: 'baseline', createdBy: null },
      { kind: 'update', createdBy: script.userId },
    ]);
    expect(text(rebuildDocument(rows, INSPECT_ORIGIN).doc)).toBe('Hello');

    await advance(PROJECTION_DELAY_MS);
    const stored = await script.storage.getScript(script.scriptId);
    expect(stored?.contentBlocks).toEqual(projectDocument(room.doc));
    expect(stored?.updatedAt).toEqual(rows[1]?.createdAt);
  });

  it('[SY22] a projection that fails while its script unloads is not retried on the unloaded document, so the reloaded script projects its own edits', async () => {
    const slowWrite = deferred();
    vi.spyOn(script.storage, 'updateContentBlocks').mockReturnValueOnce(slowWrite.promise);
    // The projection and the unload fall due together: the unload finds no projection due, the one running is still writing.
    const { registry } = registryOver({ projectionDelayMs: UNLOAD_GRACE_MS });
    const first = await registry.acquire(script.scriptId);
    type(first.room, 'Hello');
    registry.release(first.room);
    await advance(UNLOAD_GRACE_MS);
    expect(registry.loadedCount).toBe(0);
    slowWrite.reject(new Error('disk I/O error'));
    await settle();

    const { room } = await registry.acquire(script.scriptId);
    type(room, 'INT. ');
    await advance(UNLOAD_GRACE_MS * 3);

    // Fails if the failed projection of the unloaded document is retried: its retry takes the script's
    // place in the projector, the reloaded room's edit is never projected, and the old content is stamped as current.
    expect((await script.storage.getScript(script.scriptId))?.contentBlocks).toEqual(projectDocument(room.doc));
  });

  it('unloadAll() writes the projections still due and drops every room (shutdown)', async () => {
    const { registry } = registryOver({ projectionDelayMs: UNLOAD_GRACE_MS * 10 });
    const { room } = await registry.acquire(script.scriptId);
    type(room, 'Hello');
    const expected = projectDocument(room.doc);
    await advance(COMMIT_WINDOW_MS);

    await registry.unloadAll({ project: true });

    expect(registry.loadedCount).toBe(0);
    // Fails if shutdown drops the rooms without writing the projections still due.
    expect((await script.storage.getScript(script.scriptId))?.contentBlocks).toEqual(expected);
  });

  it('serves a script stored as one row (a baseline, an import) its stored bytes, without encoding it again', async () => {
    const { registry } = registryOver();
    const loads = vi.spyOn(script.storage, 'loadVersions');
    const { room } = await registry.acquire(script.scriptId);
    const [row] = (await loads.mock.results.at(-1)!.value) as Awaited<ReturnType<DocumentLog['loadVersions']>>;
    const nothing = Uint8Array.of(0);
    // Fails if the registry does not hand the room the stored row (OpenedDocument.fullState): a new encoding is another array.
    expect(room.missingFrom(nothing)).toBe(row!.update);
    type(room, 'Hello');
    expect(room.missingFrom(nothing)).not.toBe(row!.update);
    registry.release(room);
  });
});
