/**
 * The workloads of `npm run bench -- anchors`, each against one running
 * anchor through its client (clients.ts). Timings in milliseconds.
 */
import * as Y from 'yjs';
import { connectClient, contentSize, whenLoaded, type BenchClient, type ContentSize } from './clients.js';
import type { RunningAnchor } from './servers.js';

export interface SeededDocument {
  name: string;
  expected: ContentSize;
  /** Milliseconds from the first of the updates sent to all of them durable (see Anchor.durability). */
  durableMs: number;
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Resolves once everything `client` has sent is durable on `anchor`. */
function whenDurable(anchor: RunningAnchor, name: string, client: BenchClient): Promise<void> {
  if (client.whenSaved !== null) return client.whenSaved();
  return anchor.whenPersisted(name, base64(Y.encodeStateVector(client.doc)));
}

/**
 * A new document holding `baseline` then `updates`, written as a writer's
 * client writes them: the baseline as one update, durable, then every update
 * as its own message, as fast as the client sends them, timed until durable.
 */
export async function seedDocument(anchor: RunningAnchor, baseline: Uint8Array, updates: readonly Uint8Array[]): Promise<SeededDocument> {
  const name = await anchor.createDocument();
  const client = connectClient(anchor.target, name);
  try {
    await client.synced;
    Y.applyUpdate(client.doc, baseline);
    await whenDurable(anchor, name, client);
    if (updates.length === 0) return { name, expected: contentSize(client.doc), durableMs: 0 };
    const started = performance.now();
    for (const update of updates) Y.applyUpdate(client.doc, update);
    await whenDurable(anchor, name, client);
    return { name, expected: contentSize(client.doc), durableMs: performance.now() - started };
  } finally {
    client.destroy();
  }
}

export interface TimedOpen {
  ms: number;
  client: BenchClient;
}

/** Opens `name` with a new client and times it until synced with the full content; the caller destroys the client. */
export async function timeOpen(anchor: RunningAnchor, name: string, expected: ContentSize): Promise<TimedOpen> {
  const started = performance.now();
  const client = connectClient(anchor.target, name);
  try {
    await whenLoaded(client, expected);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return { ms: performance.now() - started, client };
}

/** Opens `name` and closes it again: an unmeasured open. */
export async function openAndClose(anchor: RunningAnchor, name: string, expected: ContentSize): Promise<number> {
  const { ms, client } = await timeOpen(anchor, name, expected);
  client.destroy();
  return ms;
}

const FANOUT_TIMEOUT_MS = 30_000;

/**
 * `writers` clients on one document holding `baseline`; the first types
 * `keystrokes` (one update each, the next once everyone has the last), the
 * others count the updates they receive. Per keystroke: milliseconds until
 * the last of the others has it.
 */
export async function measureFanOut(anchor: RunningAnchor, baseline: Uint8Array, keystrokes: readonly Uint8Array[], writers: number): Promise<number[]> {
  const seeded = await seedDocument(anchor, baseline, []);
  const typist = await timeOpen(anchor, seeded.name, seeded.expected);
  const readers: BenchClient[] = [];
  try {
    for (let i = 1; i < writers; i++) readers.push((await timeOpen(anchor, seeded.name, seeded.expected)).client);
    let waiting = 0;
    let done: (() => void) | undefined;
    for (const reader of readers) {
      reader.doc.on('update', () => {
        if (--waiting === 0) done?.();
      });
    }
    const latencies: number[] = [];
    for (const keystroke of keystrokes) {
      waiting = readers.length;
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fan-out: ${waiting} readers still waiting after ${FANOUT_TIMEOUT_MS} ms`)), FANOUT_TIMEOUT_MS);
        done = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const started = performance.now();
      Y.applyUpdate(typist.client.doc, keystroke);
      await arrived;
      latencies.push(performance.now() - started);
    }
    return latencies;
  } finally {
    typist.client.destroy();
    for (const reader of readers) reader.destroy();
  }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lets the server finish what it does after the last reply (parsing, GC of garbage) before RSS is read. */
export const SETTLE_MS = 1_000;

export interface MemoryFigures {
  idleBytes: number;
  perScriptBytes: number;
}

/**
 * RSS of a freshly started, idle server, then with `documents` open (one
 * client each, full content loaded): (after − before) / count.
 */
export async function measureMemory(anchor: RunningAnchor, documents: readonly SeededDocument[]): Promise<MemoryFigures> {
  await settle(SETTLE_MS);
  const idleBytes = anchor.process.rssBytes();
  const clients: BenchClient[] = [];
  try {
    for (const doc of documents) clients.push((await timeOpen(anchor, doc.name, doc.expected)).client);
    await settle(SETTLE_MS);
    const openBytes = anchor.process.rssBytes();
    return { idleBytes, perScriptBytes: (openBytes - idleBytes) / documents.length };
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** Milliseconds to open `names` all at once (one client each) until every one is synced. */
export async function timeOpenMany(anchor: RunningAnchor, names: readonly string[]): Promise<number> {
  const started = performance.now();
  const clients = names.map((name) => connectClient(anchor.target, name));
  try {
    await Promise.all(clients.map((client) => client.synced));
    return performance.now() - started;
  } finally {
    for (const client of clients) client.destroy();
  }
}
