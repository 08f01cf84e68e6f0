import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportReport } from '@writersroom/screenplay';
import { WritersRoomError } from '../../errors.js';
import { createImportedScript, titleOfImport } from '../../import/imported-script-record.js';
import { formatOf, readScriptFile } from '../../import/script-file.js';
import { expectPositionals, flag, stringOption, type Command, type CommandContext } from '../command.js';
import { ExitCode, errorMessage, refusal, usageError, type ExitCodeValue } from '../exit-codes.js';
import { plural } from '../output.js';

const HELP = `Usage: writersroom import <file> --owner <email> [--title <title>] [--format fountain|fdx|pdf] [--execute] [--json]

Makes a new script of a Fountain, Final Draft (.fdx) or PDF file, owned by
the account with that email, as the web client's "New script from file"
does: the whole document (bold, italic, underline, dual dialogue, scene
numbers, the title page, the outline and notes) is stored with the script.
Prints what the file holds and what changed on the way (the import report).

  --owner <email>   the account that will own the script (it must exist)
  --title <title>   the script's title; else the title page's, else the file name
  --format <f>      fountain, fdx or pdf; else from the file name's extension
  --execute         really create it; without it, a dry run that reads the
                    file and prints the report, and changes nothing

Exit codes: 0 done (or dry run), 1 the file cannot be read as a script / no
such account, 2 usage error, 3 cannot connect, 4 unexpected error.`;

export const importCommand: Command = {
  name: 'import',
  summary: 'Make a new script of a Fountain, Final Draft or PDF file',
  help: HELP,
  options: { owner: { type: 'string' }, title: { type: 'string' }, format: { type: 'string' }, execute: { type: 'boolean' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const file = positionals[0];
    if (file === undefined) throw usageError('a file to import is required');
    const owner = stringOption(values, 'owner');
    if (owner === undefined) throw usageError('--owner <email> is required: the account that will own the script');
    const options = { owner, title: stringOption(values, 'title'), format: stringOption(values, 'format'), execute: flag(values, 'execute') };
    return (context) => importFile(context, file, options);
  },
};

async function importFile(
  context: CommandContext,
  fileArgument: string,
  options: { owner: string; title: string | undefined; format: string | undefined; execute: boolean },
): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const file = path.resolve(context.cwd, fileArgument);
  let format;
  try {
    format = formatOf(options.format, undefined, file);
  } catch (error) {
    throw usageError(errorMessage(error));
  }
  const bytes = await readFile(file).catch((error: unknown) => {
    throw refusal(`cannot read ${file}: ${errorMessage(error)}`);
  });
  const imported = await readScriptFile(format, bytes).catch((error: unknown) => {
    if (error instanceof WritersRoomError && error.userError) throw refusal(`${file} cannot be imported: ${error.message}`);
    throw error;
  });
  const owner = await storage.findUserByEmail(options.owner);
  if (!owner) throw refusal(`no account has the email ${options.owner}: sign up first, then import`);
  const title = (options.title ?? titleOfImport(imported, file)).trim();
  if (title === '') throw usageError('--title must not be empty');
  const report = imported.report;
  const base = { file, format, owner: owner.userId, title, report };
  if (!options.execute) {
    out.result('import', ExitCode.Ok, { ...base, scriptId: null, dryRun: true }, () => [
      `DRY RUN — nothing was stored. With --execute: a new script "${title}" owned by ${options.owner}, holding:`,
      ...reportLines(report),
    ]);
    return ExitCode.Ok;
  }
  const script = await createImportedScript(storage, owner.userId, title, imported);
  out.result('import', ExitCode.Ok, { ...base, scriptId: script.scriptId, dryRun: false }, () => [
    `Imported ${file} as script ${script.scriptId} ("${title}", owned by ${options.owner}), holding:`,
    ...reportLines(report),
  ]);
  return ExitCode.Ok;
}

/** The report in words: elements per type, then each notice. */
function reportLines(report: ImportReport): string[] {
  const elements = Object.entries(report.elements).map(([type, count]) => `${count} ${type}`);
  return [
    `  ${elements.length > 0 ? elements.join(', ') : 'no elements'}; ${plural(report.titlePageFields, 'title page field')}`,
    ...report.notices.map((notice) => `  note: ${notice.message}${notice.count > 1 ? ` (${notice.count} times)` : ''}${notice.line !== undefined ? ` (first at line ${notice.line})` : ''}`),
    ...(report.pages ?? []).filter((page) => page.unclassified > 0).map((page) => `  page ${page.page}: ${Math.round(page.confidence * 100)}% sure, ${plural(page.unclassified, 'line')} read as action for want of better`),
  ];
}
