import { parseArgs } from 'node:util';
import { flag, type Command, type ParsedValues, type Runner } from './command.js';
import { clearYjsCommand } from './commands/clear-yjs.js';
import { compactCommand } from './commands/compact.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { exportCommand } from './commands/export.js';
import { historyCommand } from './commands/history.js';
import { importCommand } from './commands/import.js';
import { reseedCommand } from './commands/reseed.js';
import { restoreVersionCommand } from './commands/restore-version.js';
import { restoreYjsCommand } from './commands/restore-yjs.js';
import { connect, type Connection } from './connect.js';
import { CliError, ExitCode, errorMessage, usageError, type ExitCodeValue } from './exit-codes.js';
import { Output, type Streams } from './output.js';

const COMMANDS: readonly Command[] = [diagnoseCommand, clearYjsCommand, restoreYjsCommand, reseedCommand, compactCommand, exportCommand, importCommand, historyCommand, restoreVersionCommand];

const GLOBAL_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const;

function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `Usage: writersroom <command> [arguments] [--json] [--help]

The WritersRoom operator's tool: diagnoses, repairs, compacts and restores
scripts on the server's database, with the server running or stopped.

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Every command that changes data is a dry run unless --execute is given: it
prints what it would do and changes nothing. --json prints one JSON document
on stdout (also on errors: {"ok": false, "exitCode": …, "error": …});
warnings and progress go to stderr.

Database: the server's own variables. DATABASE_URL=postgres://… selects
PostgreSQL; otherwise the SQLite file DATA_DIR/writersroom.sqlite (DATA_DIR
defaults to ./data), which must exist. The schema is migrated to the latest
version on connect, as the server does at start-up.

Exit codes:
  0  done (diagnose: no problem found)
  1  problems found, or the command refused (unsafe without --force, no such
     script, invalid export file)
  2  usage error or invalid configuration variable
  3  cannot connect to the database
  4  unexpected error after connecting

Run \`writersroom <command> --help\` for a command's arguments.`;
}

/**
 * Runs one `writersroom` invocation and returns its exit code. Arguments are
 * checked before anything connects; the storage is always closed.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, streams: Streams, cwd: string): Promise<ExitCodeValue> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  const out = new Output(json, streams);
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((command) => command.name === rest[0]) : undefined;
    streams[name === undefined ? 'stderr' : 'stdout'].write(`${topic ? topic.help : generalHelp()}\n`);
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  let runner: Runner;
  try {
    if (!command) {
      throw usageError(name.startsWith('-') ? `a command comes first (see writersroom --help)` : `unknown command '${name}' (see writersroom --help)`);
    }
    const values = parse(command, rest);
    if (!values) {
      streams.stdout.write(`${command.help}\n`);
      return ExitCode.Ok;
    }
    runner = command.prepare(values.values, values.positionals);
  } catch (error) {
    return fail(out, command?.name ?? '', error);
  }

  let connection: Connection;
  try {
    connection = await connect(env);
  } catch (error) {
    return fail(out, command.name, error);
  }
  try {
    return await runner({ ...connection, out, cwd });
  } catch (error) {
    return fail(out, command.name, error);
  } finally {
    await connection.storage.close().catch(() => undefined);
  }
}

/** Parsed arguments, or undefined when --help was asked for. @throws CliError (usage) */
function parse(command: Command, args: string[]): { values: ParsedValues; positionals: string[] } | undefined {
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    throw usageError(`${errorMessage(error)} (see writersroom ${command.name} --help)`);
  }
  return flag(parsed.values, 'help') ? undefined : parsed;
}

function fail(out: Output, command: string, error: unknown): ExitCodeValue {
  if (error instanceof CliError) {
    out.error(command, error.exitCode, error.message);
    return error.exitCode;
  }
  out.error(command, ExitCode.Failed, `unexpected error: ${errorMessage(error)}`);
  if (error instanceof Error && error.stack) out.note(error.stack);
  return ExitCode.Failed;
}
