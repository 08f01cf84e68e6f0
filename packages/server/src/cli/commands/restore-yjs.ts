import path from 'node:path';
import type { RestoredVersion, StoredVersion } from '../../storage/storage.js';
import { expectPositionals, flag, type Command, type CommandContext } from '../command.js';
import { ExitCode, errorMessage, refusal, usageError, type ExitCodeValue } from '../exit-codes.js';
import { readExportFile, type ExportedRow, type YjsExport } from '../export-file.js';
import { formatBytes, plural } from '../output.js';
import { generationLine } from '../script-state.js';
import { tellServersOfReplacement } from '../tell-servers.js';

const HELP = `Usage: writersroom restore-yjs <export-file> [--execute] [--force] [--json]

Puts the rows of a clear-yjs export back into the script's Yjs log. The file
is validated first (format, every field, base64, checksum).

The restored log is byte-identical to the exported one: the same update bytes,
kinds and created_by, in the same load order. Version ids are new (ids are
never reused) and created_at is the time of the restore (the storage stamps
appended rows); the exported ids and times stay in the file. A created_by
whose user no longer exists is restored as null. The copies clear-yjs left in
script_versions_quarantine stay there.

The rows are appended and the script moved to a new document generation in
one transaction: browsers holding a copy of the previous generation drop it
when they next connect instead of merging it into the restored document.

Refuses (exit 1) when the script no longer exists, or when it already has
rows — typically a seed written by an open since the clear — unless --force,
which appends the exported rows after them (both merge; content may then
appear twice). Without --force, clear the new rows first with clear-yjs.
Run it while nobody has the script open.

Options:
  --execute  really do it; without it, a dry run that changes nothing
  --force    restore even when the script already has rows

Exit codes: 0 done (or dry run), 1 refused / invalid file / verification
failed, 2 usage error, 3 cannot connect, 4 unexpected error.`;

export const restoreYjsCommand: Command = {
  name: 'restore-yjs',
  summary: 'Put the rows of a clear-yjs export back into the log',
  help: HELP,
  options: { execute: { type: 'boolean' }, force: { type: 'boolean' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const file = positionals[0];
    if (file === undefined) throw usageError('an export file is required');
    const options = { execute: flag(values, 'execute'), force: flag(values, 'force') };
    return (context) => restoreYjs(context, path.resolve(context.cwd, file), options);
  },
};

async function restoreYjs(context: CommandContext, file: string, options: { execute: boolean; force: boolean }): Promise<ExitCodeValue> {
  const { storage, out } = context;
  let data: YjsExport;
  try {
    data = await readExportFile(file);
  } catch (error) {
    throw refusal(errorMessage(error));
  }
  const { scriptId } = data;
  const script = await storage.getScript(scriptId, { includeDeleted: true });
  if (script === undefined) throw refusal(`script ${scriptId} (${data.title}) does not exist in this database: nothing to restore into`);
  const existing = await storage.loadVersions(scriptId);
  if (existing.length > 0 && !options.force) {
    throw refusal(
      `script ${scriptId} already has ${plural(existing.length, 'Yjs row')} (a seed from an open since the clear?). ` +
        `Clear them first (writersroom clear-yjs ${scriptId} --execute, which exports them), or pass --force to append the exported rows after them.`,
    );
  }
  if (existing.length > 0) out.warn(`appending after ${plural(existing.length, 'existing row')} (--force given)`);
  const rows = await withKnownUsers(context, data.rows);
  const bytes = data.rows.reduce((sum, row) => sum + row.update.byteLength, 0);
  const base = { scriptId, title: script.title, file, execute: options.execute, rows: data.rows.length, bytes, existingRows: existing.length };

  if (!options.execute) {
    out.result('restore-yjs', ExitCode.Ok, { ...base, restored: 0, dryRun: true }, () => [
      `DRY RUN — nothing was changed.`,
      `${file}: ${plural(data.rows.length, 'row')} (${formatBytes(bytes)}) of script ${scriptId} (${data.title}), exported ${data.exportedAt.toISOString()}; checksum OK.`,
      `With --execute: append them to the script's log in their exported order${existing.length > 0 ? `, after its ${plural(existing.length, 'row')}` : ''}.`,
      `The document becomes generation ${script.generation + 1}: browsers drop copies of generation ${script.generation}.`,
    ]);
    return ExitCode.Ok;
  }

  const generation = await storage.restoreVersions(scriptId, rows.map((row): RestoredVersion => ({ update: row.update, createdBy: row.createdBy, kind: row.kind })));
  if (generation !== script.generation) await tellServersOfReplacement(context, scriptId);
  const known = new Set(existing.map((row) => row.versionId));
  const restored = (await storage.loadVersions(scriptId)).filter((row) => !known.has(row.versionId));
  const identical = sameLog(restored, data.rows);
  if (!identical) out.warn('the restored rows do not read back as exported (rows written meanwhile?); check with writersroom diagnose');
  const exitCode = identical ? ExitCode.Ok : ExitCode.Problems;
  out.result(
    'restore-yjs',
    exitCode,
    { ...base, restored: restored.length, verified: identical, generation, versionIds: restored.map((row) => row.versionId) },
    () => [
      `Restored ${plural(restored.length, 'row')} (${formatBytes(bytes)}) to script ${scriptId} (${script.title}).`,
      identical ? 'Verified: the log reads back byte-identical to the export (new version ids).' : 'NOT verified: the log differs from the export.',
      generationLine(script.generation, generation),
    ],
  );
  return exitCode;
}

/** Rows whose author no longer exists lose the author (the foreign key would refuse the whole restore). */
async function withKnownUsers(context: CommandContext, rows: ExportedRow[]): Promise<ExportedRow[]> {
  const authors = [...new Set(rows.flatMap((row) => (row.createdBy === null ? [] : [row.createdBy])))];
  const missing = new Set<string>();
  for (const userId of authors) if ((await context.storage.getUser(userId)) === undefined) missing.add(userId);
  if (missing.size === 0) return rows;
  context.out.warn(`${plural(missing.size, 'author')} of exported rows no longer exist; those rows are restored with created_by null`);
  return rows.map((row) => (row.createdBy !== null && missing.has(row.createdBy) ? { ...row, createdBy: null } : row));
}

function sameLog(restored: readonly StoredVersion[], exported: readonly ExportedRow[]): boolean {
  return (
    restored.length === exported.length &&
    restored.every((row, i) => row.kind === exported[i]!.kind && Buffer.from(row.update).equals(Buffer.from(exported[i]!.update)))
  );
}
