import { parseArgs } from 'node:util';

/** Which storages a benchmark runs against; `both` is the default. */
export type StorageChoice = 'sqlite' | 'postgres' | 'both';

/** Options every benchmark understands. */
export interface BenchOptions {
  /** Measured repetitions per configuration (e.g. scripts per history length). */
  runs: number;
  storage: StorageChoice;
  /** Scripts per storage, for benchmarks over many scripts (compact); undefined: the benchmark's default. */
  scripts: number | undefined;
  /** A small run (`--quick`), for a smoke test of a benchmark; benchmarks without sizes ignore it. */
  quick: boolean;
}

export const DEFAULT_RUNS = 30;

/** What `main.ts` understood from the command line. */
export type ParsedCommand =
  | { kind: 'help' }
  | { kind: 'run'; benchmark: string; options: BenchOptions };

/** A command line the benchmarks cannot run with; main.ts prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const OPTIONS_HELP = [
  `  --runs N                     measured repetitions per configuration (default ${DEFAULT_RUNS})`,
  '  --storage sqlite|postgres|both  storages to measure (default both; without a reachable',
  '                               PostgreSQL, `both` notes it and runs SQLite only, unless CI=true)',
  '  --scripts N                  scripts per storage, for benchmarks over many scripts (compact: default 1000)',
  '  --quick                      a small run that checks the benchmark works (anchors); figures mean little',
  '  -h, --help                   this text',
].join('\n');

function parseRuns(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_RUNS;
  const runs = Number(raw);
  if (!Number.isInteger(runs) || runs < 1 || runs > 10_000) throw new UsageError(`--runs must be an integer from 1 to 10000, got "${raw}"`);
  return runs;
}

function parseScripts(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const scripts = Number(raw);
  if (!Number.isInteger(scripts) || scripts < 1 || scripts > 1_000_000) throw new UsageError(`--scripts must be an integer from 1 to 1000000, got "${raw}"`);
  return scripts;
}

function parseStorage(raw: string | undefined): StorageChoice {
  if (raw === undefined) return 'both';
  if (raw === 'sqlite' || raw === 'postgres' || raw === 'both') return raw;
  throw new UsageError(`--storage must be sqlite, postgres or both, got "${raw}"`);
}

/**
 * Reads `<benchmark> [options]` (options may come before or after the name).
 * No benchmark name, or `--help`, asks for the usage text.
 *
 * @throws UsageError for an unknown option, a bad value or extra arguments.
 */
export function parseCommand(argv: readonly string[]): ParsedCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        runs: { type: 'string' },
        storage: { type: 'string' },
        scripts: { type: 'string' },
        quick: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [benchmark, ...extra] = positionals;
  if (values.help === true || benchmark === undefined) return { kind: 'help' };
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  return {
    kind: 'run',
    benchmark,
    options: { runs: parseRuns(values.runs), storage: parseStorage(values.storage), scripts: parseScripts(values.scripts), quick: values.quick === true },
  };
}
