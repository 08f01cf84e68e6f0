import type { QuarantinedVersion } from '../../storage/storage.js';
import { expectPositionals, scriptIdArgument, type Command, type CommandContext } from '../command.js';
import { ExitCode, refusal, type ExitCodeValue } from '../exit-codes.js';
import { formatBytes, formatTime, plural, table, truncate } from '../output.js';
import { reportScript, type FindingCode, type ScriptReport } from '../script-report.js';

const HELP = `Usage: writersroom diagnose [scriptId] [--json]

Reports, for every script (or the one given), the plan's diagnostic view —
Yjs rows, first and last update, REST vs Yjs freshness (REST_NEWER,
YJS_CURRENT, NO_YJS), content without Yjs — and what only decoding the log
can tell: rows that do not decode, rows whose predecessors are missing
(pending structs), an empty document over non-empty content_blocks, content
in the old backend's Y.Array('content'), invalid content_blocks, quarantined
rows, and what the server's projection would do: a document whose projection
cannot be stored (it holds text the storage refuses, such as a NUL written
before such text was refused, or content the schema does not know), and
content_blocks that lag behind the document. REST_NEWER alone is not a
problem (renaming a script moves updated_at); it is one when content_blocks
also differ from the document.
GEN is the document generation: how many times the document was replaced as
a whole (clear-yjs, reseed, restore-yjs, a repair on open); browsers drop
copies of an older one.

It only reads: nothing is quarantined, repaired or written (the server
repairs on the next open; see also reseed and clear-yjs).

Exit codes: 0 no problem, 1 problems found (or no such script),
2 usage error, 3 cannot connect, 4 unexpected error.
Notices (content not seeded yet, rows an operator moved to quarantine,
content_blocks behind the document, which is normal right after an edit) do
not change the exit code.`;

/** What an operator can do about each kind of problem. */
const ADVICE: Partial<Record<FindingCode, string>> = {
  undecodable_row: 'undecodable rows: the server moves them to quarantine on the next open and serves the rest.',
  missing_predecessor:
    'missing predecessors: the server reseeds from content_blocks on the next open (or refuses the script if they are empty); `writersroom reseed <id>` does it now.',
  empty_over_content: 'empty document over content: the server rewrites the content into the document on the next open; `writersroom reseed <id>` does it now.',
  legacy_content_array: "Y.Array('content'): the server moves it into the editor's fragment on the next open.",
  invalid_content_blocks: 'invalid content_blocks: the server cannot seed or repair from them; fix them before clearing or reseeding.',
  rest_newer:
    'REST_NEWER with different content: compare `writersroom export <id> --format json` with content_blocks; if content_blocks are right, `writersroom clear-yjs <id>`.',
  quarantined_rows: 'quarantined rows are evidence kept by the server (table script_versions_quarantine); the script itself loads without them.',
  projection_unstorable:
    "projection cannot be stored: the edits are stored, only content_blocks lag. Remove the character the finding names (in the editor, or with `PUT /api/scripts/<id>/content` of the content without it) and the server's next projection is stored; `writersroom export <id> --format json` shows the content.",
};

export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'Report the state of every script (or one); reads only',
  help: HELP,
  options: {},
  prepare(_values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, false);
    return (context) => diagnose(context, scriptId);
  },
};

async function diagnose(context: CommandContext, only: string | undefined): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const ids = only === undefined ? await storage.listScriptIds() : [only];
  const quarantine = groupByScript(await storage.listQuarantined(only));
  const reports: ScriptReport[] = [];
  const progress = out.progress('diagnose');
  for (const [index, scriptId] of ids.entries()) {
    const script = await storage.getScript(scriptId, { includeDeleted: true });
    if (script === undefined) {
      if (only !== undefined) throw refusal(`no script ${scriptId}`);
      continue;
    }
    reports.push(await reportScript(storage, script, quarantine.get(scriptId) ?? []));
    progress.update(index + 1, ids.length);
  }
  progress.finish();

  const problems = reports.reduce((sum, report) => sum + report.findings.filter((f) => f.severity === 'problem').length, 0);
  const notices = reports.reduce((sum, report) => sum + report.findings.filter((f) => f.severity === 'notice').length, 0);
  const exitCode = problems > 0 ? ExitCode.Problems : ExitCode.Ok;
  const summary = {
    scripts: reports.length,
    withYjs: reports.filter((report) => report.rows > 0).length,
    restNewer: reports.filter((report) => report.state === 'REST_NEWER').length,
    scriptsWithProblems: reports.filter((report) => report.findings.some((f) => f.severity === 'problem')).length,
    problems,
    notices,
  };
  out.result('diagnose', exitCode, { database: context.database, generatedAt: new Date(), summary, scripts: reports }, () =>
    renderText(context, reports, summary),
  );
  return exitCode;
}

function groupByScript(rows: QuarantinedVersion[]): Map<string, QuarantinedVersion[]> {
  const groups = new Map<string, QuarantinedVersion[]>();
  for (const row of rows) {
    const group = groups.get(row.scriptId);
    if (group) group.push(row);
    else groups.set(row.scriptId, [row]);
  }
  return groups;
}

function renderText(
  context: CommandContext,
  reports: ScriptReport[],
  summary: { scripts: number; withYjs: number; restNewer: number; problems: number; notices: number; scriptsWithProblems: number },
): string[] {
  const lines = [
    `WritersRoom diagnostic report — ${context.database.dialect} ${context.database.location}`,
    `${plural(summary.scripts, 'script')}: ${summary.withYjs} with Yjs rows, ${summary.restNewer} REST_NEWER`,
    '',
  ];
  if (reports.length > 0) {
    lines.push(
      ...table(
        ['STATE', 'ROWS', 'BYTES', 'FIRST UPDATE', 'LAST UPDATE', 'REST UPDATED', 'GEN', 'SCRIPT', 'TITLE'],
        reports.map((report) => [
          report.state,
          String(report.rows),
          formatBytes(report.bytes),
          formatTime(report.firstUpdate),
          formatTime(report.lastUpdate),
          formatTime(report.restUpdatedAt),
          String(report.generation),
          report.scriptId,
          `${report.deleted ? '[deleted] ' : ''}${truncate(report.title, 40)}`,
        ]),
      ),
      '',
    );
  }
  const flagged = reports.filter((report) => report.findings.length > 0);
  for (const report of flagged) {
    lines.push(`${report.scriptId}  ${truncate(report.title, 60)}`);
    for (const finding of report.findings) lines.push(`  ${finding.severity.padEnd(7)}  ${finding.code}: ${finding.message}`);
  }
  if (flagged.length > 0) lines.push('');
  const codes = new Set(flagged.flatMap((report) => report.findings.filter((f) => f.severity === 'problem').map((f) => f.code)));
  const advice = [...codes].flatMap((code) => (ADVICE[code] ? [`  - ${ADVICE[code]}`] : []));
  if (advice.length > 0) lines.push('What to do:', ...advice, '');
  lines.push(
    summary.problems === 0
      ? `No problems found${summary.notices > 0 ? ` (${plural(summary.notices, 'notice')})` : ''}.`
      : `${plural(summary.problems, 'problem')} in ${plural(summary.scriptsWithProblems, 'script')}${summary.notices > 0 ? `, ${plural(summary.notices, 'notice')}` : ''}.`,
  );
  return lines;
}
