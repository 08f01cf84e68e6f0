/**
 * Quick before/after measurement of where better-sqlite3 runs (not a test):
 *
 *   npx tsx packages/server/test/integration/sqlite-fanout-measure.ts worker
 *   npx tsx packages/server/test/integration/sqlite-fanout-measure.ts main-thread
 *
 * One server (a child process) on a SQLite file (synchronous=FULL, on disk), one
 * script, 20 stock y-websocket clients on it and one client that asks for
 * Saved acks. Prints:
 *   - burst ingest: updates/s from the first update sent to Saved for all;
 *   - fan-out p50/p99/max, from one client's edit to each of the other 19
 *     seeing it, while a continuous burst is being committed;
 *   - the same while another process takes the write lock 1 s out of every 2.
 * All clients share this process (their own work adds to the figures); the
 * comparison between the two modes is what counts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { createSqliteStorage } from '../../src/storage/sqlite-storage.js';
import { connectStockClient, line, whenSynced } from '../support/providers.js';
import { SavingClient } from '../support/saving-client.js';
import { createScriptFor, startTestServer, testConfig } from '../support/test-server.js';

const thread = (process.argv[2] ?? 'worker') as 'worker' | 'main-thread';
const CLIENTS = 20;
const INGEST_UPDATES = 3_000;
const PROBE_MS = 1_500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function describe(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms (${sorted.length} deliveries)`;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server runs in a child process (this file with `serve`), so the clients' work does not share its event loop. */
async function serve(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wr-measure-'));
  const file = path.join(dataDir, 'writersroom.sqlite');
  const storage = createSqliteStorage({ file, thread });
  await storage.migrate();
  // The per-socket update rate limit (100/s) would cut the burst short: lift it, and the sockets-per-account cap.
  const limits = testConfig().limits;
  const server = await startTestServer(storage, { limits: { ...limits, updatesPerSecond: 1_000_000, socketsPerAccount: 1_000 } });
  const scriptId = await createScriptFor(storage, 'ada');
  console.log(JSON.stringify({ wsBase: server.wsBase, scriptId, file }));
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
  await server.close();
  await storage.close();
  rmSync(dataDir, { recursive: true, force: true });
}

if (process.argv[3] === 'serve') {
  await serve();
  process.exit(0);
}

const serverProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), thread, 'serve'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const { wsBase, scriptId, file } = await new Promise<{ wsBase: string; scriptId: string; file: string }>((resolve) =>
  serverProcess.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString()) as { wsBase: string; scriptId: string; file: string })),
);
const server = { wsBase };

const clients = Array.from({ length: CLIENTS }, () => connectStockClient(server.wsBase, scriptId, 'ada', new Y.Doc()));
await Promise.all(clients.map((client) => whenSynced(client)));
const burster = new SavingClient(`${server.wsBase}/${scriptId}?token=dev:ada`);
await burster.connect();

// Probe deliveries: each client watches its first line for markers "#<n>;" and records how long they took.
const sentAt = new Map<string, number>();
let deliveries: number[] = [];
let nextProbe = 0;
for (const client of clients) {
  line(client.doc).observe((event) => {
    if (event.transaction.local) return;
    for (const op of event.delta) {
      if (typeof op.insert !== 'string') continue;
      for (const match of op.insert.matchAll(/#(\d+);/g)) {
        const start = sentAt.get(match[1]!);
        if (start !== undefined) deliveries.push(performance.now() - start);
      }
    }
  });
}

/** One client edits every 20 ms; the others' arrival times are collected for `ms`. */
async function probe(ms: number): Promise<number[]> {
  deliveries = [];
  const until = performance.now() + ms;
  for (let n = 0; performance.now() < until; n += 1) {
    const key = String(nextProbe++);
    sentAt.set(key, performance.now());
    line(clients[n % CLIENTS]!.doc).insert(0, `#${key};`);
    await pause(20);
  }
  await pause(500);
  return deliveries;
}

/** The Saved-asking client types `count` one-letter updates as fast as its socket takes them. */
async function burst(count: number): Promise<void> {
  const text = line(burster.doc);
  for (let i = 0; i < count; i += 1) {
    text.insert(text.length, 'x');
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
}

// 1. Burst ingest.
{
  const start = performance.now();
  await burst(INGEST_UPDATES);
  await burster.whenSaved(120_000);
  const seconds = (performance.now() - start) / 1000;
  console.log(`[${thread}] burst ingest: ${INGEST_UPDATES} updates Saved in ${(seconds * 1000).toFixed(0)} ms = ${(INGEST_UPDATES / seconds).toFixed(0)} updates/s`);
}

/** Keeps a burst being committed in the background: 50 updates every 10 ms. */
function keepBursting(): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      await burst(50);
      await pause(10);
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}

// 2. Fan-out while a burst is being committed.
{
  await probe(300); // warm-up
  const stop = keepBursting();
  const samples = await probe(PROBE_MS);
  await stop();
  await burster.whenSaved(120_000);
  console.log(`[${thread}] fan-out to ${CLIENTS - 1} clients during a burst: ${describe(samples)}`);
}

// 3. The same while another process holds the write lock 1 s out of every 2 (an operator's CLI, a second server).
{
  const holder = spawn(
    process.execPath,
    [
      '-e',
      `const db = new (require('better-sqlite3'))(process.argv[1]);
       const cycle = () => { db.exec('begin immediate'); setTimeout(() => { db.exec('commit'); setTimeout(cycle, 1000); }, 1000); };
       cycle(); console.log('locked');`,
      file,
    ],
    { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  const stop = keepBursting();
  const samples = await probe(4_000);
  await stop();
  holder.kill();
  await burster.whenSaved(120_000);
  console.log(`[${thread}] fan-out during a burst, write lock held by another process 50% of the time: ${describe(samples)}`);
}

burster.close();
for (const client of clients) client.destroy();
serverProcess.stdin.end();
await new Promise((resolve) => serverProcess.once('exit', resolve));
