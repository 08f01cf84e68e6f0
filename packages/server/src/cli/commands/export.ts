import { open } from 'node:fs/promises';
import path from 'node:path';
import { buildRepairUpdate, ContentFormatError, printableScriptOf, type Paper, type PrintableScript } from '@writersroom/screenplay';
import * as Y from 'yjs';
import { PAPER_NAMES } from '../../export/paper-names.js';
import { anchorsIn, exportedThreads, openThreadsOf } from '../../export/script-comments.js';
import { EXPORT_FORMATS, scriptFile, type ExportFormat } from '../../export/script-file.js';
import { contentToRepair } from '../../maintenance/seeding.js';
import type { ScriptRecord, StoredVersion } from '../../storage/storage.js';
import { INSPECT_ORIGIN } from '../../sync/origins.js';
import { expectPositionals, flag, scriptIdArgument, stringOption, type Command, type CommandContext } from '../command.js';
import { ExitCode, errorMessage, refusal, usageError, type ExitCodeValue } from '../exit-codes.js';
import { inspectRows, projectionOf, type DocumentInspection } from '../inspect-document.js';
import { formatBytes, plural, type Output } from '../output.js';
import { loadScriptState, totalBytes } from '../script-state.js';

const HELP = `Usage: writersroom export <scriptId> [--format json|yjs|pdf|fountain|fdx] [--paper letter|a4] [--comments] [--out <file>] [--json]

Exports a script's document for a support case, or prints it. Reads only.

  --format json  (default) the document projected to content_blocks, as the
                 editor shows it, plus metadata: title, owner, times, the
                 stored content_blocks, and the log (rows, bytes, first/last
                 update, rows that do not decode, missing predecessors).
  --format yjs   Y.encodeStateAsUpdate of the loaded document: one binary
                 Yjs update (apply it to a Y.Doc to inspect the document).
  --format pdf   the script as the server's export prints it: title page,
                 then the pages as the editor breaks them, in Courier Prime.
                 A document that shows no content while content_blocks hold
                 some is printed from them, as opening the script would
                 repair it (nothing is written).
  --format fountain  the script as Fountain text (title page, every
                 element, bold/italic/underline), as the server's export.
  --format fdx   the script as a Final Draft file, as the server's export.
                 Fountain and FDX are printed from the same document the PDF
                 is (repaired from content_blocks the same way).
  --paper <p>    with --format pdf: letter (default) or a4.
  --comments     with --format pdf, fountain or fdx: add the script's open
                 comment threads (resolved ones stay out), as the server's
                 export with comments=include does: Fountain notes after
                 their text, FDX ScriptNotes over it, a PDF appendix after
                 the last page. Without it no comment reaches the file.
  --out <file>   write to this file (must not exist) and print a summary;
                 without it the export goes to stdout (yjs, pdf: not to a
                 terminal).

The document is rebuilt as the server loads it, without the rows that do not
decode; problems are reported on stderr and in the metadata.

Exit codes: 0 done, 1 no such script / cannot write the file / the document
cannot be exported, 2 usage error, 3 cannot connect, 4 unexpected error.`;

const FORMATS = ['json', 'yjs', ...EXPORT_FORMATS] as const;
type Format = (typeof FORMATS)[number];

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a script\u2019s document (content_blocks JSON, a Yjs update, a PDF of its pages, Fountain or Final Draft); reads only',
  help: HELP,
  options: { format: { type: 'string' }, paper: { type: 'string' }, comments: { type: 'boolean' }, out: { type: 'string' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, true);
    const format = stringOption(values, 'format') ?? 'json';
    if (!isFormat(format)) throw usageError(`--format must be ${FORMATS.join(', ').replace(/, (?=[^,]*$)/, ' or ')}, not ${format}`);
    const paper = stringOption(values, 'paper');
    if (paper !== undefined && format !== 'pdf') throw usageError('--paper applies to --format pdf only');
    if (paper !== undefined && !isPaper(paper)) throw usageError(`--paper must be ${PAPER_NAMES.join(' or ')}, not ${paper}`);
    const comments = flag(values, 'comments');
    if (comments && !isScriptFile(format)) throw usageError('--comments applies to --format pdf, fountain or fdx only');
    return (context) => exportScript(context, scriptId, format, paper ?? 'letter', comments, stringOption(values, 'out'));
  },
};

function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

function isScriptFile(format: Format): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

function isPaper(value: string): value is Paper {
  return (PAPER_NAMES as readonly string[]).includes(value);
}

async function exportScript(context: CommandContext, scriptId: string, format: Format, paper: Paper, comments: boolean, outFile: string | undefined): Promise<ExitCodeValue> {
  const { out } = context;
  if (outFile === undefined && (format === 'pdf' || format === 'yjs') && context.out.streams.stdout.isTTY === true) {
    throw usageError(`${format === 'pdf' ? 'a PDF' : 'a Yjs update'} is binary: pass --out <file> or redirect stdout`);
  }
  const { script, rows } = await loadScriptState(context.storage, scriptId);
  const inspection = inspectRows(rows);
  try {
    const undecodable = inspection.undecodable.map((entry) => entry.row.versionId);
    if (undecodable.length > 0) out.warn(`left out ${plural(undecodable.length, 'row')} that ${undecodable.length === 1 ? 'does' : 'do'} not decode (version ids ${undecodable.join(', ')})`);
    if (inspection.pending) out.warn('rows depend on rows that are not stored: the document is partial');
    const bytes =
      format === 'yjs'
        ? Y.encodeStateAsUpdate(inspection.doc)
        : format === 'json'
          ? jsonOf(script, rows, inspection, undecodable)
          : await scriptFileOf(context, inspection.doc, script, format, paper, comments);
    if (outFile === undefined) {
      await new Promise<void>((resolve, reject) => context.out.streams.stdout.write(bytes, (error) => (error ? reject(error) : resolve())));
      return ExitCode.Ok;
    }
    const file = path.resolve(context.cwd, outFile);
    await writeNewFile(file, bytes);
    out.result('export', ExitCode.Ok, { scriptId, title: script.title, format, file, bytes: bytes.byteLength, rows: rows.length }, () => [
      `Exported script ${scriptId} (${script.title}) as ${format} to ${file} (${formatBytes(bytes.byteLength)}, from ${plural(rows.length, 'row')}).`,
    ]);
    return ExitCode.Ok;
  } finally {
    inspection.doc.destroy();
  }
}

/** The script as the server's export writes it, with its open comment threads when asked, anchored in the document printed. */
async function scriptFileOf(context: CommandContext, doc: Y.Doc, script: ScriptRecord, format: ExportFormat, paper: Paper, comments: boolean): Promise<Uint8Array> {
  const printable = printableOf(doc, script, context.out);
  if (!comments) return (await scriptFile(format, printable, script, paper)).bytes;
  const threads = await openThreadsOf(context.storage, script.scriptId);
  const exported = await exportedThreads(context.storage, threads, anchorsIn(doc, threads));
  return (await scriptFile(format, printable, script, paper, exported)).bytes;
}

function jsonOf(script: ScriptRecord, rows: readonly StoredVersion[], inspection: DocumentInspection, undecodable: number[]): Uint8Array {
  const times = rows.map((row) => row.createdAt.getTime()).sort((a, b) => a - b);
  const document = {
    format: 'writersroom-script-export',
    formatVersion: 1,
    exportedAt: new Date(),
    scriptId: script.scriptId,
    title: script.title,
    ownerId: script.ownerId,
    createdAt: script.createdAt,
    updatedAt: script.updatedAt,
    deletedAt: script.deletedAt,
    log: {
      rows: rows.length,
      baselines: rows.filter((row) => row.kind === 'baseline').length,
      bytes: totalBytes(rows),
      firstUpdate: times.length > 0 ? new Date(times[0]!) : null,
      lastUpdate: times.length > 0 ? new Date(times[times.length - 1]!) : null,
      undecodableVersionIds: undecodable,
      missingPredecessors: inspection.pending,
    },
    contentBlocks: projectionOf(inspection.doc) ?? null,
    storedContentBlocks: script.contentBlocks,
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
}

/**
 * The document as the server's export route would print it once the script
 * is opened: a document that shows no content over stored content_blocks
 * (never seeded, the blank-document bug, the old backend's array) is read
 * as the server would repair it, here on the private copy only.
 */
function printableOf(doc: Y.Doc, script: ScriptRecord, out: Output): PrintableScript {
  try {
    const repair = contentToRepair(doc, script.contentBlocks);
    if (repair) {
      Y.applyUpdate(doc, buildRepairUpdate(doc, repair.blocks, INSPECT_ORIGIN), INSPECT_ORIGIN);
      out.warn(`the document shows no content (${repair.reason}): exported from content_blocks, as opening the script will repair it`);
    }
    return printableScriptOf(doc);
  } catch (error) {
    if (error instanceof ContentFormatError) throw refusal(`the document cannot be exported: ${error.message}`);
    throw error;
  }
}

async function writeNewFile(file: string, bytes: Uint8Array): Promise<void> {
  try {
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw refusal(`cannot write ${file}: ${errorMessage(error)}`);
  }
}
