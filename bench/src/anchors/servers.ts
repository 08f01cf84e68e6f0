/**
 * The servers `npm run bench -- anchors` compares, each as a child process on
 * its own fresh data: WritersRoom as `npm start` runs it (its compiled
 * build, packages/server/dist/main.js, which `npm install` made) on SQLite
 * and on PostgreSQL, Hocuspocus with its SQLite extension, and the
 * y-websocket reference server with LevelDB. All run as plain JavaScript
 * under `node`, as each is deployed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_LIMITS, BENCH_USER } from '../bench-server.js';
import { createThrowawayPostgresDatabase } from '../bench-storage.js';
import { createPostgresStorage } from '../../../packages/server/src/storage/postgres-storage.js';
import { createSqliteStorage } from '../../../packages/server/src/storage/sqlite-storage.js';
import type { ScriptId, Storage } from '../../../packages/server/src/storage/storage.js';
import { freePort, spawnServer, type ServerProcess } from './child-process.js';
import type { ConnectTarget } from './clients.js';

export type AnchorId = 'writersroom-sqlite' | 'writersroom-postgres' | 'hocuspocus' | 'y-websocket';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The installed version of a package, read from its package.json (some packages do not export that file). */
function versionOf(pkg: string): string {
  const file = pkg === '@writersroom/server' ? path.join(ROOT, 'packages/server/package.json') : path.join(ROOT, 'node_modules', pkg, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

export interface RunningAnchor {
  process: ServerProcess;
  target: ConnectTarget;
  /** A new, empty document; its name. */
  createDocument(): Promise<string>;
  /**
   * The peers only: resolves once the process reported `name` persisted with
   * exactly this state vector (base64). WritersRoom uses Saved instead.
   */
  whenPersisted(name: string, stateVector: string): Promise<void>;
  stop(): Promise<void>;
}

export interface AnchorData {
  /** Starts a server process on this data (again after a stop: a restart). */
  start(): Promise<RunningAnchor>;
  /** Deletes the data. */
  cleanup(): Promise<void>;
  /** WritersRoom only: rows stored per script (read with the server stopped), to show what a cold open reads. */
  storedRows?(names: readonly string[]): Promise<number[]>;
}

export interface Anchor {
  id: AnchorId;
  label: string;
  /** Package versions, for the report. */
  versions: string;
  /** Which client measures it. */
  client: string;
  /** How burst ingest is known to be durable. */
  durability: string;
  /** Fresh, empty data for one run. */
  prepare(): Promise<AnchorData>;
}


/** Watches `persisted <name> <sv>` lines of a peer's entry script. */
function persistenceReports(process: ServerProcess): RunningAnchor['whenPersisted'] {
  const latest = new Map<string, string>();
  const waiters = new Set<() => void>();
  process.onLine((line) => {
    const [word, name, stateVector] = line.split(' ');
    if (word !== 'persisted' || name === undefined || stateVector === undefined) return;
    latest.set(name, stateVector);
    for (const waiter of waiters) waiter();
  });
  return (name, stateVector) =>
    new Promise((resolve) => {
      const check = () => {
        if (latest.get(name) !== stateVector) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
}

let documentCounter = 0;

function peer(spec: { id: AnchorId; label: string; versions: string; client: string; durability: string; entry: string; kind: ConnectTarget['kind']; env(dir: string): Record<string, string> }): Anchor {
  return {
    id: spec.id,
    label: spec.label,
    versions: spec.versions,
    client: spec.client,
    durability: spec.durability,
    prepare() {
      const dir = mkdtempSync(path.join(tmpdir(), `wr-anchor-${spec.id}-`));
      return Promise.resolve({
        async start() {
          const port = await freePort();
          const child = await spawnServer({ args: [path.join(ROOT, 'bench/anchors', spec.entry)], env: { PORT: String(port), ...spec.env(dir) }, port });
          return {
            process: child,
            target: { kind: spec.kind, wsBase: `ws://127.0.0.1:${port}`, params: {}, saveAcks: false },
            createDocument: () => Promise.resolve(`bench-${process.pid}-${++documentCounter}`),
            whenPersisted: persistenceReports(child),
            stop: () => child.stop(),
          };
        },
        cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
      });
    },
  };
}

function writersRoom(id: AnchorId, storage: 'SQLite' | 'PostgreSQL'): Anchor {
  return {
    id,
    label: `WritersRoom ${storage}`,
    versions: `@writersroom/server ${versionOf('@writersroom/server')} (this tree)`,
    client: `y-websocket ${versionOf('y-websocket')} WebsocketProvider`,
    durability: 'Saved ack (PROTOCOL.md §3) covers every update sent',
    async prepare() {
      let env: Record<string, string>;
      let cleanup: () => Promise<void>;
      let openStorage: () => Storage;
      if (storage === 'SQLite') {
        const dir = mkdtempSync(path.join(tmpdir(), `wr-anchor-${id}-`));
        env = { DATA_DIR: dir };
        cleanup = () => Promise.resolve(rmSync(dir, { recursive: true, force: true }));
        openStorage = () => createSqliteStorage({ file: path.join(dir, 'writersroom.sqlite') });
      } else {
        const database = await createThrowawayPostgresDatabase();
        env = { DATABASE_URL: database.url };
        cleanup = database.drop;
        openStorage = () => createPostgresStorage({ connectionString: database.url, maxConnections: 1 });
      }
      return {
        async storedRows(names) {
          const store = openStorage();
          try {
            const rows: number[] = [];
            for (const name of names) rows.push(await store.countVersions(name as ScriptId));
            return rows;
          } finally {
            await store.close();
          }
        },
        async start() {
          const port = await freePort();
          const child = await spawnServer({
            args: [path.join(ROOT, 'packages/server/dist/main.js')],
            env: { PORT: String(port), AUTH_MODE: 'dev', LOG_LEVEL: 'silent', ...BENCH_LIMITS, ...env },
            port,
          });
          const base = `http://127.0.0.1:${port}`;
          return {
            process: child,
            target: { kind: 'y-websocket', wsBase: `ws://127.0.0.1:${port}/ws/scripts`, params: { token: `dev:${BENCH_USER}` }, saveAcks: true },
            async createDocument() {
              const response = await fetch(`${base}/api/scripts`, {
                method: 'POST',
                headers: { authorization: `Bearer dev:${BENCH_USER}`, 'content-type': 'application/json' },
                body: JSON.stringify({ title: `Anchor bench ${++documentCounter}` }),
              });
              if (response.status !== 201) throw new Error(`POST /api/scripts answered ${response.status}: ${await response.text()}`);
              return ((await response.json()) as { script: { scriptId: string } }).script.scriptId;
            },
            whenPersisted: () => Promise.reject(new Error('WritersRoom reports durability through Saved')),
            stop: () => child.stop(),
          };
        },
        cleanup,
      };
    },
  };
}

export const ANCHORS: readonly Anchor[] = [
  writersRoom('writersroom-sqlite', 'SQLite'),
  writersRoom('writersroom-postgres', 'PostgreSQL'),
  peer({
    id: 'hocuspocus',
    label: 'Hocuspocus SQLite',
    versions: `@hocuspocus/server ${versionOf('@hocuspocus/server')}, @hocuspocus/extension-sqlite ${versionOf('@hocuspocus/extension-sqlite')}`,
    client: `@hocuspocus/provider ${versionOf('@hocuspocus/provider')} HocuspocusProvider`,
    durability: 'afterStoreDocument hook reports a stored state covering every update (its store is debounced, 2 s by default)',
    entry: 'hocuspocus-server.mjs',
    kind: 'hocuspocus',
    env: (dir) => ({ SQLITE_FILE: path.join(dir, 'hocuspocus.sqlite') }),
  }),
  peer({
    id: 'y-websocket',
    label: 'y-websocket LevelDB',
    versions: `@y/websocket-server ${versionOf('@y/websocket-server')}, y-leveldb ${versionOf('y-leveldb')}`,
    client: `y-websocket ${versionOf('y-websocket')} WebsocketProvider`,
    durability: 'y-leveldb queue drained past the stock storeUpdate calls (a getMeta barrier), state covering every update',
    entry: 'y-websocket-server.mjs',
    kind: 'y-websocket',
    env: (dir) => ({ YPERSISTENCE: path.join(dir, 'leveldb') }),
  }),
];
