/**
 * Child process for the compaction tests that need a second process: two
 * compactors started at the same moment, a compactor killed mid-way, and one
 * that holds the script's lock while a server works.
 *
 * Usage: compaction-child.ts <sqlite file | postgres:// url> <scriptId> <mode>
 *   mode: try | wait                       compact with that lock, print the result as JSON
 *         kill-after-insert                SIGKILL itself between the baseline insert and the delete
 *         kill-before-commit               SIGKILL itself after the delete, before the commit
 *         hold                             between the insert and the delete (lock held: PostgreSQL's
 *                                          advisory lock, SQLite's write lock) print `holding` and wait
 *                                          for another line on stdin; then finish and print the result
 *
 * Prints `ready` once the storage answers, then waits for a line on stdin
 * before compacting, so a test can start several children at the same moment.
 */
import { createInterface } from 'node:readline';
import { compactScript, type CompactScriptOptions } from '../../src/maintenance/compaction.js';
import { createPostgresStorage } from '../../src/storage/postgres-storage.js';
import { createSqliteStorage } from '../../src/storage/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';

const [location, scriptId, mode] = process.argv.slice(2);
if (location === undefined || scriptId === undefined || mode === undefined) {
  throw new Error('usage: compaction-child.ts <sqlite file | postgres url> <scriptId> <try|wait|kill-after-insert|kill-before-commit|hold>');
}

const lines = createInterface({ input: process.stdin });
const nextLine = () => new Promise((resolve) => lines.once('line', resolve));

const die = () => {
  process.kill(process.pid, 'SIGKILL');
};
const hold = async () => {
  process.stdout.write('holding\n');
  await nextLine();
};
const modes: Record<string, CompactScriptOptions> = {
  try: { lock: 'try' },
  wait: { lock: 'wait' },
  'kill-after-insert': { afterInsert: die },
  'kill-before-commit': { beforeCommit: die },
  hold: { lock: 'wait', afterInsert: hold },
};
const options = modes[mode];
if (options === undefined) throw new Error(`unknown mode ${mode}`);

const storage: Storage = location.startsWith('postgres')
  ? createPostgresStorage({ connectionString: location, maxConnections: 2 })
  : createSqliteStorage({ file: location });
await storage.ping();
process.stdout.write('ready\n');
await nextLine();

const result = await compactScript(storage, scriptId, options);
lines.close();
process.stdout.write(`${JSON.stringify(result)}\n`);
await storage.close();
