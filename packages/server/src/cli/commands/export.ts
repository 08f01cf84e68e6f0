import { open } from 'node:fs/promises';
import path from 'node:path';
import * as Y from 'yjs';
import { expectPositionals, scriptIdArgument, stringOption, type Command, type CommandContext } from '../command.js';
import { ExitCode, errorMessage, refusal, usageError, type ExitCodeValue } from '../exit-codes.js';
import { inspectRows, projectionOf } from '../inspect-document.js';
import { formatBytes, plural } from '../output.js';
import { loadScriptState, totalBytes } from '../script-state.js';

const HELP = `Usage: writersroom export <scriptId> [--format json|yjs] [--out <file>] [--json]

Exports a script's document for a support case. Reads only.

  --format json  (default) the document projected to content_blocks, as the
                 editor shows it, plus metadata: title, owner, times, the
                 stored content_blocks, and the log (rows, bytes, first/last
                 update, rows that do not decode, missing predecessors).
  --format yjs   Y.encodeStateAsUpdate of the loaded document: one binary
                 Yjs update (apply it to a Y.Doc to inspect the document).
  --out <file>   write to this file (must not exist) and print a summary;
                 without it the export goes to stdout (yjs: not to a terminal).

The document is rebuilt as the server loads it, without the rows that do not
decode; problems are reported on stderr and in the metadata.

Exit codes: 0 done, 1 no such script / cannot write the file, 2 usage error,
3 cannot connect, 4 unexpected error.`;

type Format = 'json' | 'yjs';

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a script\u2019s document (content_blocks JSON or a Yjs update); reads only',
  help: HELP,
  options: { format: { type: 'string' }, out: { type: 'string' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, true);
    const format = stringOption(values, 'format') ?? 'json';
    if (format !== 'json' && format !== 'yjs') throw usageError(`--format must be json or yjs, not ${format}`);
    return (context) => exportScript(context, scriptId, format, stringOption(values, 'out'));
  },
};

async function exportScript(context: CommandContext, scriptId: string, format: Format, outFile: string | undefined): Promise<ExitCodeValue> {
  const { out } = context;
  if (outFile === undefined && format === 'yjs' && context.out.streams.stdout.isTTY === true) {
    throw usageError('a Yjs update is binary: pass --out <file> or redirect stdout');
  }
  const { script, rows } = await loadScriptState(context.storage, scriptId);
  const inspection = inspectRows(rows);
  try {
    const undecodable = inspection.undecodable.map((entry) => entry.row.versionId);
    if (undecodable.length > 0) out.warn(`left out ${plural(undecodable.length, 'row')} that ${undecodable.length === 1 ? 'does' : 'do'} not decode (version ids ${undecodable.join(', ')})`);
    if (inspection.pending) out.warn('rows depend on rows that are not stored: the document is partial');
    let bytes: Uint8Array;
    if (format === 'yjs') {
      bytes = Y.encodeStateAsUpdate(inspection.doc);
    } else {
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
      bytes = Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8');
    }
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
