import type { CheckpointRecord } from '../../storage/storage.js';
import { expectPositionals, scriptIdArgument, type Command, type CommandContext } from '../command.js';
import { ExitCode, refusal, type ExitCodeValue } from '../exit-codes.js';
import { formatBytes, formatTime, plural, table, truncate } from '../output.js';

const HELP = `Usage: writersroom history <scriptId> [--json]

Lists the script's history, newest first: automatic checkpoints (taken when
writing goes quiet, every 30 minutes of continuous writing, and when the
script leaves a server's memory), named drafts, and restores. Checkpoints
live apart from the Yjs log: compaction never removes them. Named drafts and
restores are kept for ever; automatic ones are thinned by age
(HISTORY_KEEP_ALL_HOURS, HISTORY_KEEP_HOURLY_DAYS, HISTORY_KEEP_DAILY_DAYS).

Restore one with writersroom restore-version <scriptId> <checkpointId>.

Exit codes: 0 listed, 1 no such script, 2 usage error, 3 cannot connect,
4 unexpected error.`;

export const historyCommand: Command = {
  name: 'history',
  summary: 'List a script\u2019s checkpoints and named drafts',
  help: HELP,
  options: {},
  prepare(_values, positionals) {
    expectPositionals(positionals, 1);
    const scriptId = scriptIdArgument(positionals, 0, true);
    return (context) => listHistory(context, scriptId);
  },
};

async function listHistory(context: CommandContext, scriptId: string): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const script = await storage.getScript(scriptId, { includeDeleted: true });
  if (script === undefined) throw refusal(`no script ${scriptId}`);
  const checkpoints = await storage.listCheckpoints(scriptId);
  out.result('history', ExitCode.Ok, { scriptId, title: script.title, checkpoints: checkpoints.map(toJson) }, () => [
    `Script ${scriptId} (${script.title}): ${plural(checkpoints.length, 'checkpoint')}.`,
    ...(checkpoints.length === 0
      ? []
      : table(
          ['checkpoint', 'taken', 'kind', 'name', 'pages', 'size', 'writers'],
          checkpoints.map((c) => [c.checkpointId, formatTime(c.createdAt), c.kind, truncate(c.name ?? '', 40), String(c.pageCount), formatBytes(c.sizeBytes), String(c.authors.length)]),
        )),
  ]);
  return ExitCode.Ok;
}

function toJson(checkpoint: CheckpointRecord) {
  return { ...checkpoint, createdAt: checkpoint.createdAt.toISOString() };
}
