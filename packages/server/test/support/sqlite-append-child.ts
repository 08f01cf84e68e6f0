/**
 * Child process for the kill -9 durability test: appends one row at a time
 * to a SQLite storage and prints `ack <n>` after each append resolves, until
 * it is killed. Usage: sqlite-append-child.ts <file> <scriptId>
 */
import { createSqliteStorage } from '../../src/storage/sqlite-storage.js';

const [file, scriptId] = process.argv.slice(2);
if (file === undefined || scriptId === undefined) throw new Error('usage: sqlite-append-child.ts <file> <scriptId>');

const storage = createSqliteStorage({ file });
for (let n = 1; ; n += 1) {
  await storage.appendVersions([{ scriptId, update: Uint8Array.of(n % 256), createdBy: null, kind: 'update' }]);
  process.stdout.write(`ack ${n}\n`);
}
