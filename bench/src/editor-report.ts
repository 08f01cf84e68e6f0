import type { StorageKind } from './bench-storage.js';
import type { AssetWeight } from './client-weight.js';
import { OPEN_CASES, type OpenCase, type OpenSample } from './editor-open.js';
import type { TypingResult } from './editor-typing.js';
import { formatCount, formatMs, formatTable, summarize, type Summary } from './stats.js';

/** The figures of one storage. */
export interface EditorResult {
  storage: StorageKind;
  opens: readonly OpenSample[];
  typing: TypingResult;
}

const CASE_LABELS: Readonly<Record<OpenCase, string>> = {
  first: 'first open (server seeds)',
  cold: 'cold: stored, new profile',
  warm: 'warm server, new profile',
  copy: 'warm server + IndexedDB copy',
};

/** "cold×12", or "cold×11 warm×1" when the server did not see every open alike. */
export function serverLoads(samples: readonly OpenSample[]): string {
  const counts = new Map<string, number>();
  for (const sample of samples) counts.set(sample.serverLoad, (counts.get(sample.serverLoad) ?? 0) + 1);
  return Array.from(counts, ([load, count]) => `${load}×${count}`).join(' ');
}

const mean = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length);

/** One row per (storage, case) of the open table. */
export function openRows(results: readonly EditorResult[]): string[][] {
  return results.flatMap(({ storage, opens }) =>
    OPEN_CASES.map((openCase) => {
      const samples = opens.filter((sample) => sample.case === openCase);
      const of = (pick: (sample: OpenSample) => number) => summarize(samples.map(pick));
      const editable = of((s) => s.editableMs);
      const wall = of((s) => s.wallMs);
      const served = samples.flatMap((s) => (s.serverMs === undefined ? [] : [s.serverMs]));
      return [
        storage,
        CASE_LABELS[openCase],
        String(editable.count),
        formatMs(editable.median),
        formatMs(editable.p95),
        formatMs(wall.median),
        formatMs(wall.p95),
        formatMs(of((s) => s.liveMs).median),
        formatMs(of((s) => s.domContentLoadedMs).median),
        formatMs(of((s) => s.scriptsLoadedMs).median),
        serverLoads(samples),
        formatMs(mean(served)),
      ];
    }),
  );
}

function ratio(numerator: number, denominator: number): string {
  return `${(numerator / denominator).toFixed(2)}x`;
}

export function printOpenTable(results: readonly EditorResult[], elements: number): void {
  console.log(`open to editable, ms: page = navigation start -> the editor is editable holding all ${formatCount(elements)} elements (page-side clock);`);
  console.log('  wall = before page.goto -> Playwright saw it (Node clock, adds the DevTools round trips); live = the status line says Saved;');
  console.log('  DCL = DOMContentLoaded (HTML and entry chunk run); JS = the last script (the lazy editor chunk) arrived;');
  console.log('  server = how the server counted the first sync, and its mean first-reply time; p95 is nearest-rank (below 20 samples, the slowest)');
  const header = ['storage', 'case', 'n', 'page med', 'p95', 'wall med', 'p95', 'live med', 'DCL med', 'JS med', 'server', 'srv ms'];
  console.log(formatTable([header, ...openRows(results)]));
  for (const { storage, opens } of results) {
    const median = (openCase: OpenCase) => summarize(opens.filter((s) => s.case === openCase).map((s) => s.editableMs)).median;
    const cold = median('cold');
    console.log(
      `  ${storage}, medians of page time: warm/cold ${ratio(median('warm'), cold)}, copy/cold ${ratio(median('copy'), cold)}, first/cold ${ratio(median('first'), cold)}`,
    );
  }
  console.log('');
}

function latencyCells(summary: Summary): string[] {
  return [String(summary.count), formatMs(summary.median), formatMs(summary.p95), formatMs(summary.max)];
}

export function printTypingTable(results: readonly EditorResult[], fanout: { keystrokes: number; gapMs: number }, saved: { keystrokes: number; gapMs: number }): void {
  console.log(
    `typing, ms: to the other writer = keydown on the typist's page -> the character in the other writer's DOM (Date.now in both pages, ` +
      `1 ms resolution; ${fanout.keystrokes} keystrokes ${fanout.gapMs} ms apart);`,
  );
  console.log(`  to Saved = keydown -> the status line reads Saved (page clock; ${saved.keystrokes} keystrokes, each once the one before is saved, then ${saved.gapMs} ms)`);
  const header = ['storage', 'to other', 'med', 'p95', 'max', 'to Saved', 'med', 'p95', 'max'];
  const rows = results.map(({ storage, typing }) => [storage, ...latencyCells(summarize(typing.fanoutMs)), ...latencyCells(summarize(typing.savedMs))]);
  console.log(formatTable([header, ...rows]));
  const unmatched = results.filter(({ typing }) => [...typing.fanoutMs, ...typing.savedMs].some(Number.isNaN));
  for (const { storage } of unmatched) console.log(`note: ${storage}: some keystrokes had no matching arrival or Saved`);
  console.log('');
}

const kib = (bytes: number | undefined): string => (bytes === undefined ? '-' : (bytes / 1024).toFixed(1));

function sum(assets: readonly AssetWeight[], pick: (asset: AssetWeight) => number | undefined): number | undefined {
  let total = 0;
  for (const asset of assets) {
    const bytes = pick(asset);
    if (bytes === undefined) return undefined;
    total += bytes;
  }
  return total;
}

function weightCells(label: string, file: string, assets: readonly AssetWeight[]): string[] {
  const raw = sum(assets, (a) => a.rawBytes) ?? 0;
  const brotli = sum(assets, (a) => a.brotliBytes);
  return [label, file, kib(raw), kib(sum(assets, (a) => a.gzipBytes)), kib(brotli), brotli === undefined ? '-' : `${((brotli / raw) * 100).toFixed(0)}%`];
}

/** One row per asset, then a total for the entry, one per lazily loaded chunk, and the sum a script's page loads. */
export function weightRows(assets: readonly AssetWeight[]): string[][] {
  const perAsset = assets.map((asset) => weightCells(asset.entry ? 'entry' : 'lazy', asset.file, [asset]));
  const entry = assets.filter((a) => a.entry);
  const lazyChunks = [...new Set(assets.filter((a) => !a.entry).map((a) => a.chunk))];
  return [
    ...perAsset,
    weightCells('total', 'entry (index.html loads it)', entry),
    ...lazyChunks.map((chunk) => weightCells('total', `${chunk} (lazy, js + css)`, assets.filter((a) => !a.entry && a.chunk === chunk))),
    weightCells('total', "all: a script's page", assets),
  ];
}

export function printClientWeight(assets: readonly AssetWeight[]): void {
  console.log('client weight, KiB, packages/web/dist/assets: raw, and the precompressed copies the server sends');
  console.log(formatTable([['load', 'file', 'raw', 'gzip', 'brotli', 'br/raw'], ...weightRows(assets)]));
  console.log('  (the server sends the .br copy to a browser that accepts Brotli, as this Chromium does, else the .gz one)');
}
