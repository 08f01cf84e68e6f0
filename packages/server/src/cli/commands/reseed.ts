import path from 'node:path';
import { seedFromContentBlocks } from '../../maintenance/seeding.js';
import { expectPositionals, flag, scriptIdArgument, stringOption, type Command, type CommandContext } from '../command.js';
import { ExitCode, errorMessage, refusal, type ExitCodeValue } from '../exit-codes.js';
import { exportOf, writeExportFile } from '../export-file.js';
import { plural } from '../output.js';
import { reseedReason } from '../quarantine-reasons.js';
import { generationLine, loadScriptState } from '../script-state.js';
import { tellServersOfReplacement } from '../tell-servers.js';

const HELP = `Usage: writersroom reseed <scriptId> [--execute] [--out <file>] [--json]

Rebuilds a script's document from its content_blocks through the server's
seeding path: moves every row of its Yjs log to script_versions_quarantine
(with a reason), then seeds one baseline row from content_blocks, exactly as
the server seeds a script it opens for the first time.

Refuses (exit 1) when content_blocks are empty or invalid: there would be
nothing to seed from (use clear-yjs --force for a deliberately empty
document). Warns when the document differs from content_blocks (editors will
see content_blocks afterwards; the old rows stay in quarantine).

The script moves to a new document generation: browsers holding a copy of
the previous one drop it when they next connect instead of merging it back
(which would bring back the old content, or duplicate it).

Run it while nobody has the script open.

Options:
  --execute     really do it; without it, a dry run that changes nothing
  --out <file>  also export every row to this file first (the clear-yjs
                format, restorable with restore-yjs; written in a dry run too)

Exit codes: 0 done (or dry run), 1 refused / no such script / not seeded
(rows appeared meanwhile), 2 usage error, 3 cannot connect, 4 unexpected error.`;

export const reseedCommand: Command = {
  name: 'reseed',
  summary: 'Rebuild a script\u2019s document from its content_blocks (old rows to quarantine)',
  help: HELP,
  options: { execute: { type: 'boolean' }, out: { type: 'string' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, true);
    const options = { execute: flag(values, 'execute'), out: stringOption(values, 'out') };
    return (context) => reseed(context, scriptId, options);
  },
};

async function reseed(context: CommandContext, scriptId: string, options: { execute: boolean; out: string | undefined }): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const state = await loadScriptState(storage, scriptId);
  const { script, rows, stored } = state;
  if (stored.kind !== 'valid') {
    const why = stored.kind === 'none' ? 'content_blocks are empty' : `content_blocks are invalid (${stored.error})`;
    throw refusal(`refusing to reseed script ${scriptId}: ${why}, so there is nothing to seed from`);
  }
  if (state.documentMatchesContent === false) {
    out.warn('the document differs from content_blocks: after the reseed, editors see content_blocks (the old rows stay in quarantine)');
  }
  const file = options.out ? path.resolve(context.cwd, options.out) : undefined;
  if (file) {
    try {
      await writeExportFile(file, exportOf(script, context.database.dialect, rows));
    } catch (error) {
      throw refusal(`cannot write the export file ${file}: ${errorMessage(error)}; nothing was changed`);
    }
  }
  const base = { scriptId, title: script.title, execute: options.execute, rows: rows.length, blocks: stored.blocks.length, exportFile: file ?? null };
  if (!options.execute) {
    out.result('reseed', ExitCode.Ok, { ...base, quarantined: 0, seeded: false, dryRun: true }, () => [
      `DRY RUN — nothing was changed${file ? ` (except writing the export file ${file})` : ''}.`,
      `With --execute: move ${plural(rows.length, 'row')} of script ${scriptId} (${script.title}) to script_versions_quarantine,`,
      `then seed the document from ${plural(stored.blocks.length, 'content block')}, as generation ${script.generation + 1}: browsers drop copies of generation ${script.generation}.`,
    ]);
    return ExitCode.Ok;
  }

  const quarantined = await storage.quarantineVersions(scriptId, rows.map((row) => row.versionId), reseedReason(file));
  const seeded = await seedFromContentBlocks(storage, scriptId);
  const generation = (await storage.getGeneration(scriptId)) ?? script.generation;
  if (generation !== script.generation) await tellServersOfReplacement(context, scriptId);
  if (!seeded) out.warn('the script was not seeded: rows were written meanwhile (is the script open?); run writersroom diagnose on it');
  const exitCode = seeded ? ExitCode.Ok : ExitCode.Problems;
  out.result('reseed', exitCode, { ...base, quarantined, seeded, generation }, () => [
    `Moved ${plural(quarantined, 'row')} of script ${scriptId} (${script.title}) to script_versions_quarantine.`,
    seeded ? `Seeded the document from ${plural(stored.blocks.length, 'content block')}.` : 'Not seeded.',
    generationLine(script.generation, generation),
  ]);
  return exitCode;
}
