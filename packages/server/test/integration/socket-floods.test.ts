/**
 * Floods over an open socket (SECURITY.md, "Floods"; README, Configuration):
 * a socket that sends updates or presence faster than MAX_UPDATES_PER_SECOND
 * or MAX_AWARENESS_PER_SECOND allow (bursts of five seconds' worth) is
 * closed with 4429 and `retry-after`, not queued; a presence message over
 * MAX_AWARENESS_BYTES is closed with 4400. Writers on other sockets carry on,
 * and the server's memory stays bounded: the update flood runs against the
 * real `main.ts` in a child process whose RSS the test reads from /proc
 * before, during and after, and prints them.
 *
 * Each test names the breakage that fails it.
 */
import { readFileSync } from 'node:fs';
import { CloseCode, decodeServerFrame, encodeAwareness, encodeSyncStep1, encodeUpdate, retryAfterSeconds } from '@writersroom/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startChildServer, type ChildServer } from '../support/child-server.js';
import { presenceUpdate } from '../support/presence.js';
import { connectStockClient, eventually, line, text, whenSynced } from '../support/providers.js';
import { openRawSocket, type RawSocket } from '../support/raw-socket.js';
import { createScriptFor, openTestStorage, type TestStorage } from '../support/test-server.js';
import { typeInto, writerCopy } from '../support/writer-edits.js';

const UPDATES_PER_SECOND = 100;
const AWARENESS_PER_SECOND = 20;
const AWARENESS_BYTES = 1024;
/** What a flood sends in one go: forty times the five-second burst a socket may send. */
const FLOOD_UPDATES = UPDATES_PER_SECOND * 5 * 40;
const MIB = 1024 * 1024;

/** Resident memory of a process, from /proc (Linux). */
function rssOf(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kib) * 1024;
}

/** A raw socket on `scriptId` holding the server's document, for a test to send edits of its own making. */
async function synced(url: string): Promise<{ socket: RawSocket; doc: Y.Doc }> {
  const socket = await openRawSocket(url);
  await socket.next();
  socket.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  const doc = new Y.Doc();
  for (;;) {
    const frame = decodeServerFrame(await socket.next());
    if (frame.type === 'sync-step-2') {
      Y.applyUpdate(doc, frame.update);
      return { socket, doc };
    }
  }
}

describe('floods over one socket', () => {
  let db: TestStorage;
  let server: ChildServer;
  let scriptId: string;
  const url = (name: string) => `${server.wsBase}/${scriptId}?token=dev:${name}`;

  beforeAll(async () => {
    db = await openTestStorage('sqlite');
    scriptId = await createScriptFor(db.storage, 'ann', 'Floodgate');
    server = await startChildServer(db.location, {
      MAX_UPDATES_PER_SECOND: String(UPDATES_PER_SECOND),
      MAX_AWARENESS_PER_SECOND: String(AWARENESS_PER_SECOND),
      MAX_AWARENESS_BYTES: String(AWARENESS_BYTES),
      // The tests count stored rows: a live compaction of the flood's 500-odd rows between two counts made the writer's
      // next edit look unstored (seen under the full suite's load).
      COMPACT_LIVE_INTERVAL_MS: '0',
    });
  });
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await db?.cleanup();
  });

  it('closes a socket flooding updates with 4429 and retry-after, keeps the server’s memory bounded, and the other writer saves on', async () => {
    const writer = connectStockClient(server.wsBase, scriptId, 'ann');
    await whenSynced(writer);
    line(writer.doc).insert(0, 'Before. ');
    await eventually(async () => (await db.storage.countVersions(scriptId)) === 2, 'the writer’s first edit is stored');
    const baselineRss = rssOf(server.process.pid!);

    const { socket, doc } = await synced(url('ann'));
    const copy = writerCopy(doc, 4242);
    const flood = Array.from({ length: FLOOD_UPDATES }, (_, i) => encodeUpdate(typeInto(copy, `flood ${i} `.padEnd(200, '~'), 0)));
    let peakRss = baselineRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(server.process.pid!))), 5);
    try {
      for (const frame of flood) socket.send(frame);
      const closed = await socket.closed;
      // Fails without the update rate check in Connection.onDocumentMessage: the socket stays open and every frame is applied.
      expect({ code: closed.code, reason: closed.reason.split(' ')[0] }).toEqual({ code: CloseCode.TooManyRequests, reason: 'WR_ERR_RATE_LIMITED' });
      expect(retryAfterSeconds(closed.reason)).toBe(5);
    } finally {
      clearInterval(sampler);
    }

    // The other writer is untouched: still connected, and its next edit is stored.
    expect(writer.wsconnected).toBe(true);
    const rowsAfterFlood = await db.storage.countVersions(scriptId);
    line(writer.doc).insert(0, 'After. ');
    await eventually(async () => (await db.storage.countVersions(scriptId)) > rowsAfterFlood, 'the writer’s edit after the flood is stored');
    // At most the burst a socket may send was applied: rows are bounded by it, not by what the flood sent.
    expect(rowsAfterFlood - 2).toBeLessThanOrEqual(UPDATES_PER_SECOND * 6);
    expect(text(writer.doc).startsWith('After. ')).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const afterRss = rssOf(server.process.pid!);
    console.info(
      `update flood of ${FLOOD_UPDATES} frames (${((FLOOD_UPDATES * 210) / MIB).toFixed(1)} MiB): server RSS ` +
        `${(baselineRss / MIB).toFixed(0)} MiB before, ${(peakRss / MIB).toFixed(0)} MiB peak, ${(afterRss / MIB).toFixed(0)} MiB after`,
    );
    // Bounds well above the noise of a garbage collection (measured: +9 MiB peak, +10 after), well below what applying
    // and storing the whole flood takes (measured with MAX_UPDATES_PER_SECOND=100000: +111 MiB peak, +86 MiB after).
    expect(peakRss - baselineRss).toBeLessThan(96 * MIB);
    expect(afterRss - baselineRss).toBeLessThan(48 * MIB);
    writer.destroy();
  });

  it('closes a socket flooding presence with 4429 and retry-after, and the other writers keep their carets', async () => {
    const watcher = connectStockClient(server.wsBase, scriptId, 'ann');
    await whenSynced(watcher);
    const socket = await openRawSocket(url('ann'));
    await socket.next();
    const states = Array.from({ length: AWARENESS_PER_SECOND * 5 * 4 }, (_, i) => ({ cursor: { anchor: i } }));
    for (let i = 0; i < states.length; i++) socket.send(encodeAwareness(presenceUpdate(777, ...states.slice(0, i + 1))));
    const closed = await socket.closed;
    // Fails without the awareness rate check in Connection.dispatch: every caret move is relayed to every writer.
    expect({ code: closed.code, reason: closed.reason.split(' ')[0] }).toEqual({ code: CloseCode.TooManyRequests, reason: 'WR_ERR_RATE_LIMITED' });
    expect(retryAfterSeconds(closed.reason)).toBe(5);
    expect(watcher.wsconnected).toBe(true);
    // The flooder's presence left with its socket.
    await eventually(() => !watcher.awareness.getStates().has(777), 'the flooder’s caret is gone');
    watcher.destroy();
  });

  it('closes a socket sending a presence message over MAX_AWARENESS_BYTES with 4400, relaying none of it', async () => {
    const watcher = connectStockClient(server.wsBase, scriptId, 'ann');
    await whenSynced(watcher);
    const socket = await openRawSocket(url('ann'));
    await socket.next();
    socket.send(encodeAwareness(presenceUpdate(888, { name: 'x'.repeat(AWARENESS_BYTES) })));
    const closed = await socket.closed;
    // Fails without the size check in Connection.dispatch: a megabyte of "name" would reach every writer's page.
    expect({ code: closed.code, reason: closed.reason.split(' ')[0] }).toEqual({ code: CloseCode.MalformedMessage, reason: 'WR_ERR_INVALID_REQUEST' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watcher.awareness.getStates().has(888)).toBe(false);
    expect(watcher.wsconnected).toBe(true);
    watcher.destroy();
  });
});
