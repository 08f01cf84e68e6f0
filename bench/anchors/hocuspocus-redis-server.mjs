// @ts-check
/**
 * Hocuspocus as several instances, the anchor of `npm run bench -- scale`:
 * its Server with the Redis extension (the way Hocuspocus scales out: every
 * instance with a document open applies every update, relayed by Redis
 * pub/sub) and the SQLite extension on one database file that every instance
 * shares, both on their defaults otherwise.
 *
 * Env: PORT, SQLITE_FILE, REDIS_URL, REDIS_PREFIX.
 */
import { Redis } from '@hocuspocus/extension-redis';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const database = process.env.SQLITE_FILE;
const redisUrl = process.env.REDIS_URL;
if (!Number.isInteger(port) || database === undefined || redisUrl === undefined) throw new Error('set PORT, SQLITE_FILE and REDIS_URL');
const redis = new URL(redisUrl);

const server = new Server({
  port,
  address: '127.0.0.1',
  extensions: [
    new Redis({ host: redis.hostname, port: Number(redis.port || 6379), prefix: process.env.REDIS_PREFIX ?? 'hocuspocus' }),
    new SQLite({ database }),
  ],
});
await server.listen();
