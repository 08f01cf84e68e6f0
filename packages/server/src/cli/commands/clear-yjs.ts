import path from 'node:path';
import { expectPositionals, flag, scriptIdArgument, stringOption, type Command, type CommandContext } from '../command.js';
import { ExitCode, errorMessage, refusal, type ExitCodeValue } from '../exit-codes.js';
import { defaultExportPath, exportOf, writeExportFile } from '../export-file.js';
import { formatBytes, plural, shellWord } from '../output.js';
import { clearedReason } from '../quarantine-reasons.js';
import { generationLine, loadScriptState, totalBytes, type ScriptState } from '../script-state.js';
import { tellServersOfReplacement } from '../tell-servers.js';

const HELP = `Usage: writersroom clear-yjs <scriptId> [--execute] [--force] [--out <file>] [--json]

Takes every row of a script's Yjs log out of script_versions, so that the
next open seeds the document again from content_blocks (the plan's §1.2, for
scripts whose Yjs state is stale or damaged).

Before anything is taken out, EVERY row — its bytes, version id, kind,
created_at and created_by — is written to an export file (JSON, base64 bytes,
format version and SHA-256 checksum), fsynced and read back. Rows are moved to
the script_versions_quarantine table, never just deleted, so the database
keeps a second copy. \`writersroom restore-yjs <file> --execute\` puts them back.

Refuses (exit 1) when content_blocks are empty or invalid — then the log is
the only copy of the content and the script would open blank — unless
--force. Warns when the document differs from content_blocks (editors will
see content_blocks afterwards).

Taking every row out moves the script to a new document generation:
browsers holding a copy of the previous one drop it when they next connect
instead of merging it back (which would bring back what was cleared).

Run it while nobody has the script open (best: with the server stopped): a
server holding the document in memory keeps writing rows that build on the
cleared ones.

Options:
  --execute     really do it; without it, a dry run that changes nothing
  --force       clear even when content_blocks hold no usable copy
  --out <file>  export file (must not exist). Default on --execute:
                ./writersroom-yjs-<scriptId>-<time>.json. In a dry run the
                export is written only when --out is given.

Exit codes: 0 done (or dry run), 1 refused / no such script / rows appeared
meanwhile, 2 usage error, 3 cannot connect, 4 unexpected error.`;

export const clearYjsCommand: Command = {
  name: 'clear-yjs',
  summary: 'Export every Yjs row of a script to a file, then take the rows out of the log',
  help: HELP,
  options: { execute: { type: 'boolean' }, force: { type: 'boolean' }, out: { type: 'string' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, true);
    const out = stringOption(values, 'out');
    const options = { execute: flag(values, 'execute'), force: flag(values, 'force'), out };
    return (context) => clearYjs(context, scriptId, options);
  },
};

async function clearYjs(
  context: CommandContext,
  scriptId: string,
  options: { execute: boolean; force: boolean; out: string | undefined },
): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const state = await loadScriptState(storage, scriptId);
  const { script, rows } = state;
  const base = { scriptId, title: script.title, execute: options.execute, rows: rows.length, bytes: totalBytes(rows) };
  if (rows.length === 0) {
    out.result('clear-yjs', ExitCode.Ok, { ...base, cleared: 0, exportFile: null }, () => [
      `Script ${scriptId} (${script.title}) has no Yjs rows: nothing to clear.`,
    ]);
    return ExitCode.Ok;
  }
  checkOtherCopy(state, options.force, out.warn.bind(out));
  if (state.documentMatchesContent === false) {
    out.warn('the document differs from content_blocks: after clearing, editors see content_blocks instead (the rows stay in the export)');
  }

  const file = options.out ? path.resolve(context.cwd, options.out) : options.execute ? defaultExportPath(context.cwd, scriptId) : undefined;
  if (file) await exportTo(file, exportOf(script, context.database.dialect, rows));
  const restore = file ? `writersroom restore-yjs ${shellWord(file)} --execute` : undefined;

  if (!options.execute) {
    out.result('clear-yjs', ExitCode.Ok, { ...base, cleared: 0, exportFile: file ?? null, dryRun: true }, () => [
      `DRY RUN — nothing was changed${file ? ` (except writing the export file ${file})` : ''}.`,
      `Script ${scriptId} (${script.title}): ${plural(rows.length, 'Yjs row')}, ${formatBytes(base.bytes)}; content_blocks: ${describeContent(state)}.`,
      `With --execute: export every row's bytes to ${file ?? 'a new file (--out, or ./writersroom-yjs-<id>-<time>.json)'},`,
      `then move the ${plural(rows.length, 'row')} out of script_versions into script_versions_quarantine.`,
      `The next open seeds the document from content_blocks, as generation ${script.generation + 1}: browsers drop copies of generation ${script.generation}.`,
    ]);
    return ExitCode.Ok;
  }

  const moved = await storage.quarantineVersions(scriptId, rows.map((row) => row.versionId), clearedReason(file!));
  const remaining = await storage.countVersions(scriptId);
  const generation = (await storage.getGeneration(scriptId)) ?? script.generation;
  if (generation !== script.generation) await tellServersOfReplacement(context, scriptId);
  if (remaining > 0) {
    out.warn(`${plural(remaining, 'row')} were written while clearing (is the script open?); they are still in the log`);
  }
  const exitCode = remaining > 0 || moved !== rows.length ? ExitCode.Problems : ExitCode.Ok;
  out.result('clear-yjs', exitCode, { ...base, cleared: moved, remaining, generation, exportFile: file, restoreCommand: restore }, () => [
    `Exported ${plural(rows.length, 'row')} (${formatBytes(base.bytes)}) to ${file}.`,
    `Moved ${plural(moved, 'row')} of script ${scriptId} (${script.title}) to script_versions_quarantine.`,
    `The next open seeds the document from content_blocks (${describeContent(state)}).`,
    generationLine(script.generation, generation),
    `To undo: ${restore}`,
  ]);
  return exitCode;
}

/** @throws CliError (exit 1) when content_blocks hold no usable copy and --force was not given. */
function checkOtherCopy(state: ScriptState, force: boolean, warn: (message: string) => void): void {
  if (state.stored.kind === 'valid') return;
  const why =
    state.stored.kind === 'none'
      ? 'content_blocks are empty: the Yjs log is the only copy of the content, and the script would open blank'
      : `content_blocks are invalid (${state.stored.error}): the server could not seed from them`;
  if (!force) throw refusal(`refusing to clear script ${state.script.scriptId}: ${why}. Pass --force to clear anyway (the rows are still exported first).`);
  warn(`${why} (--force given)`);
}

function describeContent(state: ScriptState): string {
  switch (state.stored.kind) {
    case 'valid':
      return plural(state.stored.blocks.length, 'block');
    case 'none':
      return 'empty';
    case 'invalid':
      return 'invalid';
  }
}

async function exportTo(file: string, data: Parameters<typeof writeExportFile>[1]): Promise<void> {
  try {
    await writeExportFile(file, data);
  } catch (error) {
    throw refusal(`cannot write the export file ${file}: ${errorMessage(error)}; nothing was cleared`);
  }
}
