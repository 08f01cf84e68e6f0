/**
 * `npm run bench -- <benchmark> [options]`: runs one benchmark and prints its
 * figures. Benchmarks measure and print; they never assert timings (a CI
 * machine's noise would make such assertions flaky, and a figure is more use
 * to a reader than a pass/fail).
 *
 * Each benchmark is its own module exporting `run(options)`, loaded only when
 * chosen; adding one (auth, compact, …) is one entry in BENCHMARKS.
 */
import { OPTIONS_HELP, UsageError, parseCommand, type BenchOptions } from './bench-options.js';
import { BenchSetupError, cleanUpOpenStorages } from './bench-storage.js';

interface BenchmarkModule {
  run(options: BenchOptions): Promise<void>;
}

interface BenchmarkEntry {
  summary: string;
  load(): Promise<BenchmarkModule>;
}

const BENCHMARKS: Readonly<Record<string, BenchmarkEntry>> = {
  load: {
    summary: 'time to first sync of a 120-page script, cold and warm, by storage and history length',
    load: () => import('./load.js'),
  },
  auth: { summary: 'cost of verifying a Firebase ID token: key fetch, cold (signature + claims), cached', load: () => import('./auth.js') },
  compact: {
    summary: 'compaction throughput: 1000 scripts of 50–500 rows (--scripts N), scripts/min, rows/s, bytes before/after',
    load: () => import('./compact.js'),
  },
  editor: {
    summary: 'the browser editor in Chromium: 120-page script open to editable (cold, warm, IndexedDB copy), keystroke to the other writer and to Saved, client size',
    load: () => import('./editor.js'),
  },
  pages: {
    summary: 'the pagination engine on the 120-page fixture in Node and Chromium (from scratch, a keystroke on page 60), the Fountain writer, afterwriting beside them',
    load: () => import('./pages.js'),
  },
  anchors: {
    summary: 'WritersRoom (SQLite, PostgreSQL) beside Hocuspocus and the y-websocket server, each a child process: cold/warm open, fan-out, burst ingest, memory, start-up, 1,000 scripts (--quick, --runs N)',
    load: () => import('./anchors.js'),
  },
  scale: {
    summary: 'several processes on PostgreSQL and Redis: 100 writers on one script over 1, 2 and 4 processes (keystroke p50/p99, durable updates/s), 1,000 scripts over 3 (memory, Redis memory)',
    load: () => import('./scale.js'),
  },
  history: {
    summary: 'history and comments on the 120-page fixture: taking a checkpoint (and its size beside the compacted snapshot), comparing two versions, 500 comment anchors resolved',
    load: () => import('./history.js'),
  },
  formats: {
    summary: 'scripts in and out on the 120-page fixture: Fountain and FDX import and export, PDF import; fountain-js and afterwriting parsing beside them',
    load: () => import('./formats.js'),
  },
};

const EXIT_FAILURE = 1;
/** Conventional exit status of a command-line usage error. */
const EXIT_USAGE = 2;

function benchmarkList(): string {
  const width = Math.max(...Object.keys(BENCHMARKS).map((name) => name.length));
  return Object.entries(BENCHMARKS)
    .map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`)
    .join('\n');
}

function usage(): string {
  return ['usage: npm run bench -- <benchmark> [options]', '', 'benchmarks:', benchmarkList(), '', 'options:', OPTIONS_HELP].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message} (see --help)`);
    return EXIT_USAGE;
  }
  if (command.kind === 'help') {
    console.log(usage());
    return 0;
  }
  const entry = BENCHMARKS[command.benchmark];
  if (entry === undefined) {
    console.error(`bench: unknown benchmark "${command.benchmark}"; choose one of:\n${benchmarkList()}`);
    return EXIT_USAGE;
  }
  const benchmark = await entry.load();
  await benchmark.run(command.options);
  return 0;
}

/** Exit status of a run stopped by a signal: 128 + its number, as shells report it. */
const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGINT: 130, SIGTERM: 143 };

/** Ctrl-C (or a closed output pipe) deletes the temp data of a half-finished run before exiting. */
function cleanUpWhenInterrupted(): void {
  const stop = (status: number) => void cleanUpOpenStorages().finally(() => process.exit(status));
  for (const [signal, status] of Object.entries(SIGNAL_EXIT)) process.once(signal, () => stop(status));
  process.stdout.on('error', () => stop(EXIT_FAILURE));
}

cleanUpWhenInterrupted();
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // A setup problem is the user's to fix and needs no stack trace; anything else is a bug worth one.
  if (error instanceof BenchSetupError) console.error(`bench: ${error.message}`);
  else console.error('bench: failed:', error);
  process.exitCode = EXIT_FAILURE;
}
