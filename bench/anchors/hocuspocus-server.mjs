// @ts-check
/**
 * Hocuspocus as an anchor of `npm run bench -- anchors`: its Server with the
 * SQLite extension, both on their defaults except the database file (the
 * extension's default is an in-memory database, which no restart survives).
 *
 * Env: PORT, SQLITE_FILE. One addition for the bench: after each store of a
 * document (Hocuspocus's own afterStoreDocument hook, run once the SQLite
 * extension's onStoreDocument has written the row) it prints
 * `persisted <name> <state vector, base64>`, so the bench can tell when a
 * burst of updates is durable.
 */
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';
import * as Y from 'yjs';

const port = Number(process.env.PORT);
const database = process.env.SQLITE_FILE;
if (!Number.isInteger(port) || database === undefined) throw new Error('set PORT and SQLITE_FILE');

const server = new Server({
  port,
  address: '127.0.0.1',
  extensions: [new SQLite({ database })],
  afterStoreDocument({ documentName, document }) {
    process.stdout.write(`persisted ${documentName} ${Buffer.from(Y.encodeStateVector(document)).toString('base64')}\n`);
    return Promise.resolve();
  },
});
await server.listen();
