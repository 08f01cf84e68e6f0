import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, line, text, whenSynced } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor } from '../support/test-server.js';

/** How long the other process holds SQLite's write lock: four busy timeouts (250 ms), so several commit attempts fail busy. */
const HOLD_MS = 1_000;
/** "Promptly": well under one busy timeout, which is how long a main-thread driver stops the event loop per attempt. */
const PROMPT_MS = 100;

interface LockHolder {
  /** Wall-clock time (Date.now) at which the child committed and let go of the lock. */
  released: Promise<number>;
  child: ChildProcess;
}

/**
 * Another process (as an operator's CLI would be) takes the database's write
 * lock with `BEGIN IMMEDIATE`, holds it for `holdMs`, then commits. Resolves
 * once the lock is held.
 */
async function holdWriteLock(file: string, holdMs: number): Promise<LockHolder> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
       db.exec('begin immediate');
       console.log('locked');
       setTimeout(() => { db.exec('commit'); db.close(); console.log('released ' + Date.now()); }, Number(process.argv[2]));`,
      file,
      String(holdMs),
    ],
    // better-sqlite3 resolves from the server package.
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  let onOutput = () => {};
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    onOutput();
  });
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`lock holder exited (code ${code}) before ${pattern}: ${output}`)));
      const check = () => {
        const match = output.match(pattern);
        if (match) resolve(match);
      };
      const previous = onOutput;
      onOutput = () => {
        previous();
        check();
      };
      check();
    });
  await waitFor(/locked/);
  return { child, released: waitFor(/released (\d+)/).then((match) => Number(match[1])) };
}

/** Milliseconds `run` takes from start to the time `done` first holds (polled every millisecond). */
async function timeUntil(run: () => void, done: () => boolean, what: string): Promise<number> {
  const start = performance.now();
  run();
  await eventually(done, what, 5_000);
  return performance.now() - start;
}

/** The script's document as the rows in the file say, read by a connection of our own. */
function storedDocument(file: string, scriptId: string): Y.Doc {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`select "update" from script_versions where script_id = ? order by version_id`).all(scriptId) as Array<{ update: Buffer }>;
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, row.update);
    return doc;
  } finally {
    db.close();
  }
}

/**
 * The SQLite connection lives on a worker thread (storage/sqlite-worker/): a
 * commit that waits for the disk or for another process's lock stops that
 * thread, not the server's event loop.
 *
 * Breakage tried: with `createSqliteStorage` back on Kysely's SqliteDialect
 * (`thread: 'main-thread'`: better-sqlite3 on the event loop), a commit attempt busy-waits 250 ms
 * on the event loop, and this test fails on the fan-out assertion (one
 * delivery took 270 ms in that run; the other edits, between attempts, ~11 ms)
 * while the lock is held.
 */
describe('SQLite on a worker thread: a held write lock delays Saved, not the event loop', () => {
  const suite = useServerSuite('sqlite');

  it('fan-out and /healthz stay prompt while another process holds the write lock; Saved comes only once the row is committed', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'ada');
    const location = suite.db.location;
    if (location.kind !== 'sqlite') throw new Error('expected a SQLite suite');
    const file = path.join(location.dataDir, 'writersroom.sqlite');

    const ada = suite.connect(scriptId, 'ada');
    const bob = suite.connect(scriptId, 'ada');
    await Promise.all([whenSynced(ada), whenSynced(bob)]);
    const saver = new SavingClient(`${suite.server.wsBase}/${scriptId}?token=dev:ada`);
    await saver.connect();

    const holder = await holdWriteLock(file, HOLD_MS);
    const lockedAt = Date.now();
    try {
      // An edit that must be stored: its commit waits for the other process.
      line(saver.doc).insert(0, 'durable ');
      expect(saver.counts.saved).toBeLessThan(saver.counts.sent);
      // Saved, when it comes, must mean the row is in the file: read it back from another connection at that moment.
      const saved = saver.whenSaved(10_000).then(() => ({ at: Date.now(), stored: text(storedDocument(file, scriptId)) }));
      // Awaited below; a failure before that must not leave it unhandled.
      saved.catch(() => undefined);

      const fanOut: number[] = [];
      const health: number[] = [];
      let round = 0;
      // Keep both writers typing (every edit queues another commit) and ask /healthz, until the lock is let go.
      while (Date.now() - lockedAt < HOLD_MS - 250) {
        round += 1;
        const mark = `a${round};`;
        fanOut.push(await timeUntil(() => line(ada.doc).insert(0, mark), () => text(bob.doc).includes(mark), `bob sees ${mark}`));
        const back = `b${round};`;
        fanOut.push(await timeUntil(() => line(bob.doc).insert(0, back), () => text(ada.doc).includes(back), `ada sees ${back}`));
        const start = performance.now();
        await fetch(`${suite.server.url}/healthz`);
        health.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(Math.max(...fanOut), `fan-out latencies while locked: ${fanOut.map(Math.round).join(', ')} ms`).toBeLessThan(PROMPT_MS);
      expect(Math.max(...health), `/healthz latencies while locked: ${health.map(Math.round).join(', ')} ms`).toBeLessThan(PROMPT_MS);
      expect(fanOut.length).toBeGreaterThanOrEqual(6);

      // Still held: nothing of the durable edit can be stored yet, so it is not Saved.
      expect(Date.now() - lockedAt).toBeLessThan(HOLD_MS);
      expect(saver.counts.saved).toBeLessThan(saver.counts.sent);
      expect(text(storedDocument(file, scriptId))).not.toContain('durable');

      const released = await holder.released;
      const { at, stored } = await saved;
      expect(at).toBeGreaterThanOrEqual(released);
      expect(stored).toContain('durable');
    } finally {
      saver.close();
      if (holder.child.exitCode === null) await new Promise((resolve) => holder.child.once('close', resolve));
    }
  }, 30_000);
});
