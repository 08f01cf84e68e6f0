import { setTimeout as realDelay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger.js';
import { projectDocument } from '../maintenance/projection.js';
import { Metrics } from '../metrics.js';
import type { DocumentLog } from '../storage/storage.js';
import { blankRoom, createBlankScript, type BlankScript } from '../../test/support/blank-script.js';
import { advance, deferred, settle, useFakeTimers } from '../../test/support/deferred.js';
import { counterValue } from '../../test/support/counter-value.js';
import { line } from '../../test/support/providers.js';
import { typeInto, updateOf, writerCopy } from '../../test/support/writer-edits.js';
import { GroupCommit } from './group-commit.js';
import { Projector } from './projector.js';

const DELAY_MS = 500;
const COMMIT_WINDOW_MS = 2;
const ADA = { kind: 'client', connectionId: 1, userId: 'user-ada' } as const;

let script: BlankScript;

/**
 * A loaded script as the projector sees it: a room whose changes are made
 * durable by a real group commit and each schedule a projection, as the
 * registry wires them.
 */
function projectedScript(options: { persistTo?: Pick<DocumentLog, 'appendVersions'> } = {}) {
  const metrics = new Metrics({ processMetrics: false });
  const logger = createLogger('silent');
  const commit = new GroupCommit({ storage: options.persistTo ?? script.storage, windowMs: COMMIT_WINDOW_MS, retryMaxMs: 50, metrics, logger });
  const projector = new Projector({ storage: script.storage, delayMs: DELAY_MS, metrics, logger });
  const room = blankRoom({ scriptId: script.scriptId, metrics, logger });
  room.addSink(({ scriptId, update }) => commit.append({ scriptId, update, createdBy: null, kind: 'update' }));
  room.addSink(() => projector.schedule(room));
  const writer = writerCopy(room.doc, 11);
  /** The writer types at the end of the first line. */
  const type = (words: string) => room.applyClientUpdate(typeInto(writer, words, line(writer).length), ADA);
  return { room, projector, metrics, writer, type };
}

async function storedScript() {
  const stored = await script.storage.getScript(script.scriptId);
  if (!stored) throw new Error('the script is gone');
  return stored;
}

/** The content_blocks writes, as the projector made them. */
function spyOnWrites() {
  return vi.spyOn(script.storage, 'updateContentBlocks');
}

describe('Projector', () => {
  useFakeTimers();
  beforeEach(async () => {
    script = await createBlankScript();
  });
  afterEach(async () => {
    await script.storage.close();
  });

  it("[SY22] writes content_blocks delayMs after a change, stamped with the newest stored row's time", async () => {
    const writes = spyOnWrites();
    const { room, type } = projectedScript();
    type('Hello');
    await advance(COMMIT_WINDOW_MS);
    // Real time passes between the commit and the projection, so a stamp of "now" would differ from the row's.
    await realDelay(5);

    await advance(DELAY_MS - COMMIT_WINDOW_MS - 1);
    expect(writes).not.toHaveBeenCalled();
    await advance(1);

    const stored = await storedScript();
    expect(stored.contentBlocks).toEqual(projectDocument(room.doc));
    // Fails if the projection is stamped with the time it ran rather than the newest row's.
    expect(stored.updatedAt).toEqual((await script.storage.latestVersion(script.scriptId))?.createdAt);
  });

  it('[SY22] throttles rather than debounces: a writer who keeps typing cannot postpone the projection', async () => {
    const writes = spyOnWrites();
    const { type } = projectedScript();

    for (let keystroke = 0; keystroke < 8; keystroke++) {
      type('a');
      await advance(DELAY_MS / 4);
    }

    // One projection per delayMs while the typing goes on. Fails if each change pushes the scheduled projection back.
    expect(writes).toHaveBeenCalledTimes(2);
  });

  it('[SY22] projects only once the change is durable', async () => {
    const commit = deferred();
    const writes = spyOnWrites();
    const { room, type } = projectedScript({
      persistTo: {
        async appendVersions(rows) {
          await commit.promise;
          return script.storage.appendVersions(rows);
        },
      },
    });
    type('Hello');

    await advance(DELAY_MS * 4);
    // Fails if the projector does not wait for the change's durability (it would show what storage may lose).
    expect(writes).not.toHaveBeenCalled();

    commit.resolve();
    await settle();
    expect(writes).toHaveBeenCalledTimes(1);
    const stored = await storedScript();
    expect(stored.contentBlocks).toEqual(projectDocument(room.doc));
    expect(stored.updatedAt).toEqual((await script.storage.latestVersion(script.scriptId))?.createdAt);
  });

  it('does not write a projection that has not changed', async () => {
    const writes = spyOnWrites();
    const { room, writer, type } = projectedScript();
    type('Hello');
    await advance(DELAY_MS);
    expect(writes).toHaveBeenCalledTimes(1);

    // Bold changes the document but not content_blocks, which carry no marks.
    room.applyClientUpdate(updateOf(writer, () => line(writer).format(0, 5, { bold: {} })), ADA);
    await advance(DELAY_MS);
    // Fails if the projector writes content_blocks again when they would not change.
    expect(writes).toHaveBeenCalledTimes(1);

    type(' world');
    await advance(DELAY_MS);
    expect(writes).toHaveBeenCalledTimes(2);
  });

  it('counts a failing write, lists the script in failing(), retries it, and clears both once it succeeds', async () => {
    const writes = spyOnWrites().mockRejectedValueOnce(new Error('disk I/O error')).mockRejectedValueOnce(new Error('disk I/O error'));
    const { room, projector, metrics, type } = projectedScript();
    type('Hello');

    await advance(DELAY_MS);
    expect(projector.failing()).toEqual([{ scriptId: script.scriptId, failures: 1, since: expect.any(Date), lastError: 'disk I/O error' }]);
    const since = projector.failing()[0]?.since;
    expect(await counterValue(metrics.projectionFailures)).toBe(1);
    expect(await counterValue(metrics.projectionsFailing)).toBe(1);

    await advance(DELAY_MS);
    expect(projector.failing()).toEqual([{ scriptId: script.scriptId, failures: 2, since, lastError: 'disk I/O error' }]);
    expect(await counterValue(metrics.projectionFailures)).toBe(2);

    // Fails if a failed projection is not tried again (content_blocks would stay stale until the next edit).
    await advance(DELAY_MS);
    expect(writes).toHaveBeenCalledTimes(3);
    expect((await storedScript()).contentBlocks).toEqual(projectDocument(room.doc));
    // Fails if a success does not clear what the failures recorded.
    expect(projector.failing()).toEqual([]);
    expect(await counterValue(metrics.projectionsFailing)).toBe(0);
    expect(await counterValue(metrics.projectionFailures)).toBe(2);
  });

  it('forget() cancels a scheduled retry, so a document that left memory is never projected', async () => {
    const writes = spyOnWrites().mockRejectedValueOnce(new Error('disk I/O error'));
    const { room, projector, metrics, type } = projectedScript();
    type('Hello');
    await advance(DELAY_MS);
    expect(projector.failing()).toHaveLength(1);

    projector.forget(script.scriptId);
    room.destroy();
    await advance(DELAY_MS * 4);

    // Fails if forget() leaves the scheduled retry in place.
    expect(writes).toHaveBeenCalledTimes(1);
    expect(projector.failing()).toEqual([]);
    expect(await counterValue(metrics.projectionsFailing)).toBe(0);
  });

  it('forget() during a projection that then fails schedules no retry and lists no failure', async () => {
    const write = deferred();
    const writes = spyOnWrites().mockReturnValueOnce(write.promise);
    const { room, projector, metrics, type } = projectedScript();
    type('Hello');
    await advance(DELAY_MS);
    expect(writes).toHaveBeenCalledTimes(1);

    // The script unloads while its projection is still being written (the unload's flush finds nothing due).
    projector.forget(script.scriptId);
    room.destroy();
    write.reject(new Error('disk I/O error'));
    await advance(DELAY_MS * 4);

    // Fails if a projection in flight when its script is forgotten records its failure and retries.
    expect(writes).toHaveBeenCalledTimes(1);
    expect(projector.failing()).toEqual([]);
    expect(await counterValue(metrics.projectionsFailing)).toBe(0);
  });

  it('flush() projects at once when a projection is due, and does nothing when none is', async () => {
    const writes = spyOnWrites();
    const { room, projector, type } = projectedScript();
    type('Hello');
    await advance(COMMIT_WINDOW_MS);

    await projector.flush(room);
    // Fails if flush() leaves a due projection to its timer.
    expect(writes).toHaveBeenCalledTimes(1);
    expect((await storedScript()).contentBlocks).toEqual(projectDocument(room.doc));

    await projector.flush(room);
    await advance(DELAY_MS);
    expect(writes).toHaveBeenCalledTimes(1);
  });
});
