/**
 * `npm run bench -- anchors`: WritersRoom beside its peers ("anchors") in one
 * run on one machine: Hocuspocus (SQLite extension) and the y-websocket
 * reference server (LevelDB), and WritersRoom on SQLite and PostgreSQL. Each
 * server is a child process on fresh data (servers.ts), measured through its
 * stock client (clients.ts). Per server, in order:
 *
 * 1. seed (process 0): warm-up and memory scripts holding the 120-page
 *    baseline, and `runs` scripts per history length holding the baseline and
 *    that many typing updates, each sent as its own message (burst ingest is
 *    the seeding of the longest history, timed until durable); stop.
 * 2. cold open (a), fresh process: per script, start a server, open it, stop.
 * 3. cold open (c), after a restart: the same again, so each script was
 *    loaded by the previous process, which then stopped (whatever a server
 *    rewrites on load or unload has happened).
 * 4. one process "up a while": idle RSS, then the memory scripts open at once
 *    (RSS per script + socket), the warm-up scripts opened and closed, then
 *    per script cold open (b) and, while it is open, warm open (2); fan-out;
 *    1,000 new scripts opened at once.
 * 5. start-up: spawn to port accepting, repeated.
 *
 * A load counts only when the client is synced AND its document holds the
 * whole screenplay (element and character counts of the seeding client's).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import type { BenchOptions } from './bench-options.js';
import { DEFAULT_RUNS } from './bench-options.js';
import { BenchSetupError, selectStorages } from './bench-storage.js';
import { printLatencyTable, printMemoryTable, printRateTable, type MemoryRow, type Row } from './anchors/report.js';
import { ANCHORS, type Anchor, type AnchorData } from './anchors/servers.js';
import { measureFanOut, measureMemory, openAndClose, seedDocument, timeOpen, timeOpenMany, type SeededDocument } from './anchors/workloads.js';
import { createScreenplayFixture, generateEditingUpdates } from './screenplay-fixture.js';
import { formatCount } from './stats.js';

export interface AnchorSizes {
  /** Stored updates of the cold-open scripts. */
  histories: readonly number[];
  /** Scripts per history length (cold open samples per state). */
  runs: number;
  warmups: number;
  fanOutWriters: readonly number[];
  keystrokes: number;
  memoryScripts: number;
  startups: number;
  manyScripts: number;
}

export const DEFAULT_SIZES: AnchorSizes = {
  histories: [1_000, 10_000],
  runs: 3,
  warmups: 2,
  fanOutWriters: [20, 100],
  keystrokes: 200,
  memoryScripts: 50,
  startups: 5,
  manyScripts: 1_000,
};

export const QUICK_SIZES: AnchorSizes = {
  histories: [100],
  runs: 1,
  warmups: 1,
  fanOutWriters: [3],
  keystrokes: 5,
  memoryScripts: 2,
  startups: 1,
  manyScripts: 5,
};

export interface AnchorResults {
  anchor: Anchor;
  /** Key: `${state}:${history}`, state a | b | c. */
  cold: Map<string, number[]>;
  warm: Map<number, number[]>;
  fanOut: Map<number, number[]>;
  burst: number[];
  memory: { idleBytes: number; perScriptBytes: number };
  startupMs: number[];
  manyMs: number;
  /** WritersRoom: rows stored per script of the longest history, after seeding and after (a). */
  storedRows?: { seeded: number[]; afterFirstLoad: number[] };
}

interface Workload {
  baseline: Uint8Array;
  updates: readonly Uint8Array[];
}

async function seed(data: AnchorData, sizes: AnchorSizes, workload: Workload) {
  const server = await data.start();
  try {
    // Not timed, so written side by side (Hocuspocus debounces each store by 2 s).
    const plain = await Promise.all(Array.from({ length: sizes.warmups + sizes.memoryScripts }, () => seedDocument(server, workload.baseline, [])));
    const histories = new Map<number, SeededDocument[]>();
    for (const history of sizes.histories) {
      const docs: SeededDocument[] = [];
      for (let i = 0; i < sizes.runs; i++) docs.push(await seedDocument(server, workload.baseline, workload.updates.slice(0, history)));
      histories.set(history, docs);
    }
    return { warmups: plain.slice(0, sizes.warmups), memory: plain.slice(sizes.warmups), histories };
  } finally {
    await server.stop();
  }
}

/** Every workload against one server; its data is deleted afterwards. */
export async function measureAnchor(anchor: Anchor, sizes: AnchorSizes, workload: Workload): Promise<AnchorResults> {
  const data = await anchor.prepare();
  try {
    const seeded = await seed(data, sizes, workload);
    const longest = Math.max(...sizes.histories);
    const burst = (seeded.histories.get(longest) ?? []).map((doc) => longest / (doc.durableMs / 1000));
    const cold = new Map<string, number[]>();
    const startupMs: number[] = [];
    let rowsAfter: number[] | undefined;
    const longestNames = (seeded.histories.get(longest) ?? []).map((doc) => doc.name);
    const rowsSeeded = await data.storedRows?.(longestNames);

    for (const state of ['a', 'c']) {
      if (state === 'c' && rowsSeeded !== undefined) rowsAfter = await data.storedRows?.(longestNames);
      for (const [history, docs] of seeded.histories) {
        const samples: number[] = [];
        for (const doc of docs) {
          const server = await data.start();
          startupMs.push(server.process.startupMs);
          try {
            samples.push(await openAndClose(server, doc.name, doc.expected));
          } finally {
            await server.stop();
          }
        }
        cold.set(`${state}:${history}`, samples);
      }
    }

    const server = await data.start();
    const warm = new Map<number, number[]>();
    const fanOut = new Map<number, number[]>();
    let memory: AnchorResults['memory'];
    let manyMs: number;
    try {
      memory = await measureMemory(server, seeded.memory);
      for (const doc of seeded.warmups) await openAndClose(server, doc.name, doc.expected);
      for (const [history, docs] of seeded.histories) {
        const coldSamples: number[] = [];
        const warmSamples: number[] = [];
        for (const doc of docs) {
          const first = await timeOpen(server, doc.name, doc.expected);
          try {
            coldSamples.push(first.ms);
            const second = await timeOpen(server, doc.name, doc.expected);
            warmSamples.push(second.ms);
            second.client.destroy();
          } finally {
            first.client.destroy();
          }
        }
        cold.set(`b:${history}`, coldSamples);
        warm.set(history, warmSamples);
      }
      const keystrokes = workload.updates.slice(0, sizes.keystrokes);
      for (const writers of sizes.fanOutWriters) fanOut.set(writers, await measureFanOut(server, workload.baseline, keystrokes, writers));
      const names: string[] = [];
      for (let i = 0; i < sizes.manyScripts; i++) names.push(await server.createDocument());
      manyMs = await timeOpenMany(server, names);
    } finally {
      await server.stop();
    }

    for (let i = startupMs.length; i < sizes.startups; i++) {
      const again = await data.start();
      startupMs.push(again.process.startupMs);
      await again.stop();
    }
    const storedRows = rowsSeeded !== undefined && rowsAfter !== undefined ? { seeded: rowsSeeded, afterFirstLoad: rowsAfter } : undefined;
    return { anchor, cold, warm, fanOut, burst, memory, startupMs, manyMs, ...(storedRows ? { storedRows } : {}) };
  } finally {
    await data.cleanup();
  }
}

const COLD_STATES: ReadonlyArray<[string, string]> = [
  ['a', 'fresh process (first script it opens)'],
  ['b', 'server up a while (other scripts opened first, this one not yet)'],
  ['c', 'after a restart (the previous process had loaded it, then stopped)'],
];

function printResults(results: readonly AnchorResults[], sizes: AnchorSizes): void {
  const rows = (pick: (r: AnchorResults) => readonly number[] | undefined): Row[] => results.map((r) => ({ anchor: r.anchor, samples: pick(r) ?? [] }));
  const longest = Math.max(...sizes.histories);
  for (const { anchor, storedRows } of results) {
    if (storedRows === undefined) continue;
    console.log(
      `${anchor.label}: rows stored per ${formatCount(longest)}-update script: ${storedRows.seeded.join(', ')} after seeding (read by 1a), ` +
        `${storedRows.afterFirstLoad.join(', ')} after 1a's process loaded it and stopped (read by 1c)`,
    );
  }
  for (const history of sizes.histories) {
    for (const [state, what] of COLD_STATES) {
      printLatencyTable(`1${state}. cold open, ${formatCount(history)} stored updates, ${what}: client created -> synced with full content`, rows((r) => r.cold.get(`${state}:${history}`)));
    }
  }
  for (const history of sizes.histories) {
    printLatencyTable(`2. warm open, ${formatCount(history)} stored updates (another client holds it open)`, rows((r) => r.warm.get(history)));
  }
  for (const writers of sizes.fanOutWriters) {
    printLatencyTable(`3. fan-out, ${writers} writers: one types, until all ${writers - 1} others have the keystroke`, rows((r) => r.fanOut.get(writers)));
  }
  printRateTable(`4. burst ingest: ${formatCount(longest)} updates sent at once, until durable (method per server above)`, 'updates/s', rows((r) => r.burst));
  const memory: MemoryRow[] = results.map((r) => ({ anchor: r.anchor, ...r.memory }));
  printMemoryTable(`5. memory: RSS idle after start; per script + socket = (RSS with ${sizes.memoryScripts} 120-page scripts open − idle) / ${sizes.memoryScripts}`, memory);
  printLatencyTable('6. start-up: process spawned -> port accepting connections', rows((r) => r.startupMs));
  printLatencyTable(`7. open ${formatCount(sizes.manyScripts)} new scripts at once, one socket each, until all synced (one sample)`, rows((r) => [r.manyMs]));
}

/** The sizes a command line asks for: --quick, and --runs for the scripts per history length. */
export function sizesFor(options: BenchOptions): AnchorSizes {
  const sizes = options.quick ? QUICK_SIZES : DEFAULT_SIZES;
  return options.runs === DEFAULT_RUNS ? sizes : { ...sizes, runs: options.runs };
}

/** The anchors of a run: both peers, WritersRoom on the storages chosen (--storage). */
export async function selectAnchors(options: BenchOptions): Promise<Anchor[]> {
  const kinds = await selectStorages(options.storage);
  return ANCHORS.filter((anchor) => {
    if (anchor.id === 'writersroom-sqlite') return kinds.includes('sqlite');
    if (anchor.id === 'writersroom-postgres') return kinds.includes('postgres');
    return true;
  });
}

/** Entry point called by main.ts. Prints figures; never asserts timings. */
/** WritersRoom runs from its build, as `npm start` does: rebuild it first if the sources changed since (scripts/build.mjs). */
function buildServerIfStale(): void {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url)), 'server'], { stdio: 'inherit' });
  if (build.status !== 0) throw new BenchSetupError('the server build failed (node scripts/build.mjs server)');
}

export async function run(options: BenchOptions): Promise<void> {
  const sizes = sizesFor(options);
  // The stock y-websocket client adds a process 'exit' listener per provider; hundreds are open at once here.
  process.setMaxListeners(sizes.manyScripts + 200);
  const anchors = await selectAnchors(options);
  const fixture = createScreenplayFixture();
  const baseline = Y.encodeStateAsUpdate(fixture.doc);
  const updates = generateEditingUpdates(fixture.doc, Math.max(...sizes.histories, sizes.keystrokes));
  fixture.doc.destroy();

  buildServerIfStale();
  console.log('WritersRoom beside its anchors: each server a child process (plain node; WritersRoom its npm start build) on fresh data, one after another');
  console.log(
    `fixture: ${fixture.pages.toFixed(1)} pages, ${formatCount(fixture.elements.length)} elements, baseline ${formatCount(baseline.byteLength)} bytes; ` +
      `histories ${sizes.histories.map(formatCount).join(' and ')} typing updates; ${sizes.runs} scripts per history; node ${process.version}`,
  );
  for (const anchor of anchors) {
    console.log(`- ${anchor.label}: ${anchor.versions}; client ${anchor.client}; durable = ${anchor.durability}`);
  }
  const results: AnchorResults[] = [];
  for (const anchor of anchors) {
    const started = performance.now();
    results.push(await measureAnchor(anchor, sizes, { baseline, updates }));
    console.log(`  measured ${anchor.label} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  printResults(results, sizes);
}
