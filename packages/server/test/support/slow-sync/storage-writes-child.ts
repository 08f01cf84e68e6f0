/**
 * Child process for the slow-disk test: on a SQLite storage, runs one write
 * of each shape and one transaction that only reads, printing
 * `<name> <began ms> <resolved ms>` for each. It switches the slow disk on
 * (creates SLOW_SYNC_FLAG) only after setting up, so migrations run at full
 * speed. Usage: storage-writes-child.ts <file>
 */
import { writeFile } from 'node:fs/promises';
import { createSqliteStorage } from '../../../src/storage/sqlite-storage.js';

const [file] = process.argv.slice(2);
const flag = process.env.SLOW_SYNC_FLAG;
if (file === undefined || flag === undefined) throw new Error('usage: SLOW_SYNC_FLAG=… storage-writes-child.ts <file>');

const storage = createSqliteStorage({ file });
await storage.migrate();
const owner = await storage.provisionUser({ firebaseUid: 'slow-disk-owner' });
const blank = await storage.createScript({ ownerId: owner.userId, title: 'Blank' });
await writeFile(flag, '');

async function timed(name: string, work: () => Promise<unknown>): Promise<void> {
  const began = Date.now();
  await work();
  process.stdout.write(`${name} ${began} ${Date.now()}\n`);
}

// An insert that returns its row (a read as far as the driver's API goes).
await timed('insert-returning', () => storage.createScript({ ownerId: owner.userId, title: 'Created' }));
// A plain multi-row insert in a transaction (the group commit).
await timed('append', () => storage.appendVersions([{ scriptId: blank.scriptId, update: Uint8Array.of(0, 0), createdBy: null, kind: 'update' }]));
// The script's lock, a read, nothing decided: no write, so no sync is owed.
await timed('read-only-transaction', () => storage.amendLog(blank.scriptId, () => undefined));
await storage.close();
