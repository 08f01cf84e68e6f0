import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../config.js';
import { canonicalId } from '../storage/canonical-id.js';
import type { Connection } from './connect.js';
import { usageError, type ExitCodeValue } from './exit-codes.js';
import type { Storage } from '../storage/storage.js';
import type { Output } from './output.js';

/** What a command gets once connected. */
export interface CommandContext {
  storage: Storage;
  config: Config;
  database: Connection['database'];
  out: Output;
  /** Where relative paths (export files) resolve. */
  cwd: string;
}

export type ParsedValues = Record<string, string | boolean | undefined>;

/** The work of a command whose arguments were valid. */
export type Runner = (context: CommandContext) => Promise<ExitCodeValue>;

export interface Command {
  name: string;
  /** One line for `writersroom --help`. */
  summary: string;
  /** The full `writersroom <name> --help` text. */
  help: string;
  /** Options beyond the global --help and --json. */
  options: NonNullable<ParseArgsConfig['options']>;
  /**
   * Checks the arguments before anything connects.
   * @throws CliError (exit 2) for a usage error.
   */
  prepare(values: ParsedValues, positionals: string[]): Runner;
}

/** The positional at `index` as a canonical script id; usage error when missing (if required) or not a UUID. */
export function scriptIdArgument(positionals: string[], index: number, required: true): string;
export function scriptIdArgument(positionals: string[], index: number, required: false): string | undefined;
export function scriptIdArgument(positionals: string[], index: number, required: boolean): string | undefined {
  const value = positionals[index];
  if (value === undefined) {
    if (required) throw usageError('a script id is required');
    return undefined;
  }
  const id = canonicalId(value);
  if (id === undefined) throw usageError(`not a script id (a UUID): ${value}`);
  return id;
}

export function expectPositionals(positionals: string[], max: number): void {
  if (positionals.length > max) throw usageError(`unexpected argument: ${positionals[max]}`);
}

export function stringOption(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}
