/**
 * `npm run bench -- history`: a script's history and comments on the
 * 120-page fixture, edited by 2,000 typing updates first (so the document
 * carries a real editing history, as compaction's baseline would).
 *
 * - Taking a checkpoint, as the server does (history/checkpointer.ts): the
 *   document's state read on the event loop (what writers wait for), then
 *   its page count, hash and compression on the worker thread
 *   (checkpoint-packer.ts), then the insert into SQLite; the stored size
 *   beside the script's compacted snapshot.
 * - Comparing two versions with 50 scattered changes (compareVersions: what
 *   GET /history/compare runs).
 * - 500 comments: what GET /comments adds to opening the script — the
 *   threads read from SQLite and every anchor resolved against the live
 *   document.
 *
 * No peer here keeps history or comments on a Yjs server; the figures stand
 * against the budgets.
 */
import { AnchorResolver, compareVersions, type ProsemirrorJson } from '@writersroom/screenplay';
import * as Y from 'yjs';
import { captureState, packState, readDocument } from '../../packages/server/src/history/checkpoint-content.js';
import { CheckpointPacker } from '../../packages/server/src/history/checkpoint-packer.js';
import { createLogger } from '../../packages/server/src/logger.js';
import type { BenchOptions } from './bench-options.js';
import { openBenchStorage } from './bench-storage.js';
import { createScreenplayFixture, generateEditingUpdates } from './screenplay-fixture.js';
import { SeededRandom } from './seeded-random.js';
import { formatCount, formatMs, formatTable, summarize } from './stats.js';

const TARGETS = { checkpointMs: 5, sizeRatio: 0.2, compareMs: 30, commentsMs: 20 } as const;
const EDITS = 2_000;
const CHANGES = 50;
const COMMENTS = 500;
const WARMUP = 3;

async function timed<T>(runs: number, work: () => T | Promise<T>): Promise<number[]> {
  for (let run = 0; run < WARMUP; run++) await work();
  const ms: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    ms.push(performance.now() - started);
  }
  return ms;
}

function row(label: string, samples: readonly number[], target?: number): string[] {
  const summary = summarize(samples);
  const versus = target === undefined ? '' : `≤ ${formatCount(target)}: ${(summary.median / target).toFixed(2)}x`;
  return [label, String(summary.count), formatMs(summary.median), formatMs(summary.p95), formatMs(summary.p99), formatMs(summary.max), versus];
}

/** The 120-page fixture after a writer's 2,000 edits. */
function editedScript(): Y.Doc {
  const fixture = createScreenplayFixture();
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(fixture.doc));
  for (const update of generateEditingUpdates(fixture.doc, EDITS)) Y.applyUpdate(doc, update);
  return doc;
}

type Element = { type: string; content?: Array<{ type: string; text?: string }> };

/** `CHANGES` edits spread over the script: a third reworded lines, a third removed, a third new lines. */
function rewrite(document: ProsemirrorJson, random: SeededRandom): ProsemirrorJson {
  const elements = [...((document as { content: Element[] }).content ?? [])];
  for (let change = 0; change < CHANGES; change++) {
    const at = random.int(0, elements.length - 1);
    const kind = change % 3;
    if (kind === 0) {
      const element = elements[at]!;
      const text = (element.content ?? []).map((node) => node.text ?? '').join('');
      elements[at] = { ...element, content: [{ type: 'text', text: `${text} and then, quietly, nothing` }] };
    } else if (kind === 1) elements.splice(at, 1);
    else elements.splice(at, 0, { type: 'action', content: [{ type: 'text', text: `A new beat, number ${change}.` }] });
  }
  return { ...(document as object), content: elements } as ProsemirrorJson;
}

/** `COMMENTS` anchors over random short spans of random lines, as writers select words. */
function anchorsIn(doc: Y.Doc, random: SeededRandom): Array<{ start: Uint8Array; end: Uint8Array }> {
  const texts = doc
    .getXmlFragment('default')
    .toArray()
    .flatMap((node) => (node instanceof Y.XmlElement ? node.toArray().filter((child): child is Y.XmlText => child instanceof Y.XmlText && child.length > 4) : []));
  return Array.from({ length: COMMENTS }, () => {
    const text = random.pick(texts);
    const from = random.int(0, text.length - 4);
    const to = random.int(from + 1, Math.min(text.length, from + 30));
    return {
      start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, from)),
      end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, to, -1)),
    };
  });
}

export async function run(options: BenchOptions): Promise<void> {
  const runs = options.quick ? 5 : options.runs;
  const random = new SeededRandom(20_261_206);
  const doc = editedScript();
  const snapshotBytes = Y.encodeStateAsUpdate(doc).byteLength;
  const { storage, cleanup } = await openBenchStorage('sqlite');
  try {
    const owner = await storage.provisionUser({ firebaseUid: 'bench:history', displayName: 'Bench' });
    const script = await storage.createScript({ ownerId: owner.userId, title: 'History bench' });

    const packer = new CheckpointPacker(createLogger('warn'));
    const captureMs = await timed(runs, () => captureState(doc));
    const state = captureState(doc);
    const packHereMs = await timed(runs, () => packState(state));
    const packWorkerMs = await timed(runs, () => packer.pack(state));
    const packed = await packer.pack(state);
    const save = () => storage.saveCheckpoint({ scriptId: script.scriptId, kind: 'auto', name: null, takenBy: null, authors: [owner.userId], ...packed, restoredFrom: null });
    const insertMs = await timed(runs, save);
    // As the checkpointer takes one: the state read on the event loop, the rest on the worker, then the insert.
    const takeMs = await timed(runs, async () => {
      const taken = await packer.pack(captureState(doc));
      await storage.saveCheckpoint({ scriptId: script.scriptId, kind: 'auto', name: null, takenBy: null, authors: [], ...taken, restoredFrom: null });
    });
    await packer.close();
    const { content, pageCount } = packed;

    const before = readDocument(doc).document;
    const after = rewrite(before, random);
    const comparison = compareVersions(before, after);
    const compareMs = await timed(runs, () => compareVersions(before, after));

    const anchors = anchorsIn(doc, random);
    for (const anchor of anchors) {
      await storage.createThread({ scriptId: script.scriptId, anchorStart: anchor.start, anchorEnd: anchor.end, quote: 'a few words', authorId: owner.userId, body: 'Does this land?' });
    }
    const resolveMs = await timed(runs, () => {
      const resolver = new AnchorResolver(doc);
      for (const anchor of anchors) resolver.resolve(anchor.start, anchor.end);
    });
    const listMs = await timed(runs, async () => {
      const threads = await storage.listThreads(script.scriptId);
      const resolver = new AnchorResolver(doc);
      for (const thread of threads) resolver.resolve(thread.anchorStart, thread.anchorEnd);
    });

    const ratio = content.byteLength / snapshotBytes;
    console.log(`history on the 120-page fixture after ${formatCount(EDITS)} edits (${pageCount} pages): ${runs} runs each, after ${WARMUP} warm-up runs`);
    console.log('ms (performance.now() around each step; p95, p99 nearest-rank)');
    console.log(
      formatTable([
        ['step', 'runs', 'median', 'p95', 'p99', 'max', 'target'],
        row('checkpoint: read the state (event loop)', captureMs, TARGETS.checkpointMs),
        row('checkpoint: page count + hash + compress, here', packHereMs),
        row('checkpoint: the same on the worker thread', packWorkerMs),
        row('checkpoint: insert (SQLite)', insertMs),
        row('checkpoint: take, end to end (read, worker, insert)', takeMs),
        row(`compare two versions, ${CHANGES} changes`, compareMs, TARGETS.compareMs),
        row(`resolve ${COMMENTS} comment anchors`, resolveMs),
        row(`${COMMENTS} comments: read + resolve (GET /comments)`, listMs, TARGETS.commentsMs),
      ]),
    );
    console.log(
      `checkpoint stored: ${formatCount(content.byteLength)} bytes; compacted snapshot ${formatCount(snapshotBytes)} bytes: ` +
        `${(ratio * 100).toFixed(1)}% (target ≤ ${TARGETS.sizeRatio * 100}%: ${ratio <= TARGETS.sizeRatio ? 'met' : 'missed'})`,
    );
    console.log(`comparison found ${comparison.added} added, ${comparison.removed} removed, ${comparison.changed} changed of ${comparison.elements.length} elements`);
  } finally {
    doc.destroy();
    await cleanup();
  }
}
