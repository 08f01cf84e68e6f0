import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BenchSetupError } from './bench-storage.js';

/**
 * afterwriting's PDF export, as writers run it: its command-line tool
 * (`afterwriting --source x.fountain --pdf out.pdf --overwrite`), in a
 * process of its own, on US Letter without a title page so that its page
 * count is the body's, like ours. Page count from `pdfinfo` (poppler-utils).
 */

const require = createRequire(import.meta.url);
const CLI = path.join(path.dirname(require.resolve('afterwriting/package.json')), 'awc.js');
/** afterwriting's settings (its `--config` file): US Letter, and the title page left out of the count. */
const CONFIG = { print_profile: 'usletter', print_title_page: false };

export interface AfterwritingPdfRuns {
  /** Wall time of each export, process start to exit, ms. */
  exportMs: number[];
  /** Wall time of `node -e ''` each time: the part of an export that is only Node starting. */
  nodeStartMs: number[];
  pages: number;
  /** The last run's PDF. */
  pdf: Buffer;
}

/** Exports `fountain` `runs` times; the figures of the last run's PDF. */
export function exportWithAfterwriting(fountain: string, runs: number): AfterwritingPdfRuns {
  const dir = mkdtempSync(path.join(tmpdir(), 'wr-afterwriting-'));
  try {
    const source = path.join(dir, 'script.fountain');
    const config = path.join(dir, 'config.json');
    const pdf = path.join(dir, 'script.pdf');
    writeFileSync(source, fountain);
    writeFileSync(config, JSON.stringify(CONFIG));
    const exportMs: number[] = [];
    const nodeStartMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      exportMs.push(timed(process.execPath, [CLI, '--source', source, '--pdf', pdf, '--overwrite', '--config', config]));
      nodeStartMs.push(timed(process.execPath, ['-e', '']));
    }
    return { exportMs, nodeStartMs, pages: pdfPageCount(pdf), pdf: readFileSync(pdf) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a command to its end; its wall time in ms. @throws Error with its output when it fails. */
function timed(command: string, args: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${path.basename(args[0] ?? command)} exited with ${result.status}: ${result.stderr || result.stdout}`);
  return elapsed;
}

/** @throws BenchSetupError when pdfinfo is not installed. */
function pdfPageCount(pdf: string): number {
  const result = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
  if (result.error) throw new BenchSetupError(`pdfinfo cannot run (${result.error.message}); install poppler-utils`);
  return pagesOfPdfinfo(result.stdout);
}

/** The page count in pdfinfo's report (`Pages:          120`). @throws Error when it has none. */
export function pagesOfPdfinfo(report: string): number {
  const match = /^Pages:\s+(\d+)$/m.exec(report);
  if (!match) throw new Error(`pdfinfo reported no page count:\n${report}`);
  return Number(match[1]);
}
