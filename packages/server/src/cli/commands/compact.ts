import { compactAll, compactScript, mergeVersionRows, type CompactionResult } from '../../maintenance/compaction.js';
import type { CompactionPolicy } from '../../storage/storage.js';
import { expectPositionals, flag, scriptIdArgument, type Command, type CommandContext } from '../command.js';
import { ExitCode, refusal, usageError, type ExitCodeValue } from '../exit-codes.js';
import { formatBytes, plural, table } from '../output.js';
import { totalBytes } from '../script-state.js';

const HELP = `Usage: writersroom compact <scriptId> [--execute] [--json]
       writersroom compact --all [--execute] [--json]

Merges a script's Yjs rows into one baseline row (deleted content is
garbage-collected), in one transaction under the script's lock: safe while
the script is being edited, and with the server stopped. Rows written
meanwhile survive. A damaged log (rows that do not decode, missing
predecessors) is never compacted; see writersroom diagnose.

  <scriptId>  compact this script, whatever the policy (waits for its lock)
  --all       compact every script the policy selects: more than
              COMPACT_MAX_ROWS rows (default 50), or a row older than
              COMPACT_MAX_AGE_DAYS days (default 7) and at least 2 rows.
              A script another compactor holds is skipped. Progress on stderr.
  --execute   really do it; without it, a dry run that changes nothing and
              shows what would be compacted

Exit codes: 0 done (or dry run), 1 a script's log is damaged (not compacted)
or no such script, 2 usage error, 3 cannot connect, 4 unexpected error.`;

export const compactCommand: Command = {
  name: 'compact',
  summary: 'Merge a script\u2019s rows (or every candidate\u2019s: --all) into one baseline',
  help: HELP,
  options: { all: { type: 'boolean' }, execute: { type: 'boolean' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, false);
    const all = flag(values, 'all');
    if ((scriptId === undefined) === !all) throw usageError('give either a script id or --all');
    const execute = flag(values, 'execute');
    return (context) => (scriptId === undefined ? compactEvery(context, execute) : compactOne(context, scriptId, execute));
  },
};

async function compactOne(context: CommandContext, scriptId: string, execute: boolean): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const script = await storage.getScript(scriptId, { includeDeleted: true });
  if (script === undefined) throw refusal(`no script ${scriptId}`);
  if (!execute) {
    const rows = await storage.loadVersions(scriptId);
    const preview = previewOf(rows);
    const exitCode = preview.status === 'damaged' ? ExitCode.Problems : ExitCode.Ok;
    out.result('compact', exitCode, { dryRun: true, scriptId, title: script.title, rows: rows.length, bytesBefore: totalBytes(rows), ...preview }, () => [
      'DRY RUN — nothing was changed.',
      `Script ${scriptId} (${script.title}): ${plural(rows.length, 'row')}, ${formatBytes(totalBytes(rows))}.`,
      preview.status === 'would-compact'
        ? `With --execute: merge them into one baseline of about ${formatBytes(preview.bytesAfter)}.`
        : preview.status === 'damaged'
          ? 'Not compactable: the log is damaged (run writersroom diagnose on it).'
          : 'Nothing to compact (fewer than 2 rows).',
    ]);
    return exitCode;
  }
  const result = await compactScript(storage, scriptId, { lock: 'wait' });
  const exitCode = result.reason === 'damaged' ? ExitCode.Problems : ExitCode.Ok;
  out.result('compact', exitCode, { title: script.title, ...result }, () => [describeResult(result)]);
  return exitCode;
}

/** What compacting would do now, computed with the same merge, without writing. */
function previewOf(rows: Parameters<typeof mergeVersionRows>[0]): { status: 'would-compact'; bytesAfter: number } | { status: 'too-few-rows' | 'damaged' } {
  if (rows.length < 2) return { status: 'too-few-rows' };
  try {
    return { status: 'would-compact', bytesAfter: mergeVersionRows(rows).byteLength };
  } catch {
    return { status: 'damaged' };
  }
}

async function compactEvery(context: CommandContext, execute: boolean): Promise<ExitCodeValue> {
  const { storage, out, config } = context;
  const policy: CompactionPolicy = { maxRows: config.compactMaxRows, maxAgeMs: config.compactMaxAgeMs, now: new Date() };
  const policyJson = { maxRows: policy.maxRows, maxAgeDays: policy.maxAgeMs / (24 * 3600 * 1000) };
  const policyText = `more than ${plural(policy.maxRows, 'row')}, or a row older than ${policyJson.maxAgeDays} days`;
  if (!execute) {
    const candidates = await storage.compactionCandidates(policy);
    const counts: Array<{ scriptId: string; rows: number }> = [];
    for (const scriptId of candidates) counts.push({ scriptId, rows: await storage.countVersions(scriptId) });
    out.result('compact', ExitCode.Ok, { dryRun: true, policy: policyJson, candidates: counts }, () => [
      'DRY RUN — nothing was changed.',
      `Policy: ${policyText}.`,
      `With --execute: compact ${plural(candidates.length, 'script')}.`,
      ...(counts.length > 0 ? ['', ...table(['ROWS', 'SCRIPT'], counts.map((c) => [String(c.rows), c.scriptId]))] : []),
    ]);
    return ExitCode.Ok;
  }
  const started = performance.now();
  const progress = out.progress('compact');
  const results = await compactAll(storage, policy, (_result, done, total) => progress.update(done, total), { lock: 'try' });
  progress.finish();
  const compacted = results.filter((result) => result.status === 'compacted');
  const damaged = results.filter((result) => result.reason === 'damaged');
  const summary = {
    scripts: results.length,
    compacted: compacted.length,
    skipped: results.length - compacted.length,
    damaged: damaged.length,
    rowsRemoved: compacted.reduce((sum, result) => sum + result.rowsRemoved, 0),
    bytesBefore: compacted.reduce((sum, result) => sum + result.bytesBefore, 0),
    bytesAfter: compacted.reduce((sum, result) => sum + result.bytesAfter, 0),
    durationMs: Math.round(performance.now() - started),
  };
  const exitCode = damaged.length > 0 ? ExitCode.Problems : ExitCode.Ok;
  out.result('compact', exitCode, { policy: policyJson, summary, results }, () => [
    `Policy: ${policyText}.`,
    ...results.filter((result) => result.status === 'skipped').map(describeResult),
    `Compacted ${plural(summary.compacted, 'script')} of ${summary.scripts}: ${plural(summary.rowsRemoved, 'row')} replaced, ` +
      `${formatBytes(summary.bytesBefore)} → ${formatBytes(summary.bytesAfter)}, in ${summary.durationMs} ms.`,
    ...(damaged.length > 0 ? [`${plural(damaged.length, 'script')} with a damaged log left alone: run writersroom diagnose.`] : []),
  ]);
  return exitCode;
}

function describeResult(result: CompactionResult): string {
  if (result.status === 'compacted') {
    return `Compacted script ${result.scriptId}: ${plural(result.rowsRemoved, 'row')} (${formatBytes(result.bytesBefore)}) → 1 baseline (${formatBytes(result.bytesAfter)}) in ${Math.round(result.durationMs)} ms.`;
  }
  const why = { 'too-few-rows': 'fewer than 2 rows', locked: 'another compactor holds it', damaged: 'its log is damaged (run writersroom diagnose)' };
  return `Skipped script ${result.scriptId}: ${result.reason ? why[result.reason] : 'skipped'}.`;
}
