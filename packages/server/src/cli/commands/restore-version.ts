import { compareVersions } from '@writersroom/screenplay';
import { captureState, packState, readContent, readDocument } from '../../history/checkpoint-content.js';
import { contentChange } from '../../maintenance/content-change.js';
import { rebuildDocument } from '../../maintenance/rebuild-document.js';
import { canonicalId } from '../../storage/canonical-id.js';
import { INSPECT_ORIGIN } from '../../sync/origins.js';
import { expectPositionals, flag, scriptIdArgument, type Command, type CommandContext } from '../command.js';
import { ExitCode, refusal, usageError, type ExitCodeValue } from '../exit-codes.js';
import { formatTime, plural } from '../output.js';
import { tellServersOfStoredEdit } from '../tell-servers.js';

const HELP = `Usage: writersroom restore-version <scriptId> <checkpointId> [--execute] [--json]

Makes the script's content that of one of its checkpoints (see writersroom
history), as one forward edit appended to its Yjs log, under the script's
lock: nothing is deleted, the document generation does not change, and
copies in browsers (open or offline) merge with it like with any edit. The
restore is itself recorded in the history, so it can be undone by restoring
the checkpoint taken before it.

Safe while the script is being edited. With REDIS_URL, server processes that
have the script open show the restore at once; without it, a server shows
it once it loads the script again (the REST route
POST /api/scripts/:id/history/:checkpointId/restore restores live on any
setup).

Options:
  --execute  really do it; without it, a dry run that shows what would change

Exit codes: 0 done (or dry run, or nothing to change), 1 no such script or
checkpoint, or the log is damaged, 2 usage error, 3 cannot connect,
4 unexpected error.`;

export const restoreVersionCommand: Command = {
  name: 'restore-version',
  summary: 'Restore a script\u2019s content from its history, as a forward edit',
  help: HELP,
  options: { execute: { type: 'boolean' } },
  prepare(values, positionals) {
    expectPositionals(positionals, 2);
    const scriptId = scriptIdArgument(positionals, 0, true);
    const checkpointId = canonicalId(positionals[1]);
    if (checkpointId === undefined) throw usageError(positionals[1] === undefined ? 'a checkpoint id is required' : `not a checkpoint id (a UUID): ${positionals[1]}`);
    return (context) => restoreVersion(context, scriptId, checkpointId, flag(values, 'execute'));
  },
};

async function restoreVersion(context: CommandContext, scriptId: string, checkpointId: string, execute: boolean): Promise<ExitCodeValue> {
  const { storage, out } = context;
  const script = await storage.getScript(scriptId, { includeDeleted: true });
  if (script === undefined) throw refusal(`no script ${scriptId}`);
  const stored = await storage.getCheckpoint(scriptId, checkpointId);
  if (stored === undefined) throw refusal(`script ${scriptId} has no checkpoint ${checkpointId} (see writersroom history ${scriptId})`);
  const target = await readContent(stored.content);
  const label = stored.checkpoint.name ?? formatTime(stored.checkpoint.createdAt);
  const base = { scriptId, title: script.title, checkpointId, label, execute };

  if (!execute) {
    const rebuilt = rebuildDocument(await storage.loadVersions(scriptId), INSPECT_ORIGIN);
    try {
      if (rebuilt.pending || rebuilt.undecodable.length > 0) throw refusal(`the log of script ${scriptId} is damaged; run writersroom diagnose on it first`);
      const { added, removed, changed } = compareVersions(readDocument(rebuilt.doc).document, target.document);
      out.result('restore-version', ExitCode.Ok, { ...base, dryRun: true, added, removed, changed }, () => [
        'DRY RUN — nothing was changed.',
        `Restoring “${label}” into script ${scriptId} (${script.title}) would add ${plural(added, 'element')}, remove ${removed} and change ${changed}, as one edit.`,
      ]);
      return ExitCode.Ok;
    } finally {
      rebuilt.doc.destroy();
    }
  }

  let damaged = false;
  // Decided under the script's lock on the log as it is then, so a writer's edit a moment before is part of what is restored over.
  const { amended } = await storage.amendLog(scriptId, ({ rows }) => {
    const rebuilt = rebuildDocument(rows, INSPECT_ORIGIN);
    try {
      damaged = rebuilt.pending || rebuilt.undecodable.length > 0;
      if (damaged) return undefined;
      const update = contentChange(rebuilt.doc, target.document, target.titlePage);
      return update === undefined ? undefined : { update, kind: 'update' };
    } finally {
      rebuilt.doc.destroy();
    }
  });
  if (damaged) throw refusal(`the log of script ${scriptId} is damaged; run writersroom diagnose on it first`);
  const checkpoint = amended ? await recordRestore(context, scriptId, checkpointId, label) : undefined;
  if (amended) await tellServersOfStoredEdit(context, scriptId);
  out.result('restore-version', ExitCode.Ok, { ...base, restored: amended, checkpoint: checkpoint?.checkpointId ?? null }, () => [
    amended ? `Restored “${label}” into script ${scriptId} (${script.title}) as one edit; the history records it.` : `Script ${scriptId} already holds the content of “${label}”: nothing to change.`,
  ]);
  return ExitCode.Ok;
}

/** The restore's own checkpoint, of the log as the restore left it. */
async function recordRestore(context: CommandContext, scriptId: string, checkpointId: string, label: string) {
  const rebuilt = rebuildDocument(await context.storage.loadVersions(scriptId), INSPECT_ORIGIN);
  try {
    const packed = await packState(captureState(rebuilt.doc));
    return await context.storage.saveCheckpoint({ scriptId, kind: 'restore', name: `Restored “${label}”`, takenBy: null, authors: [], ...packed, restoredFrom: checkpointId });
  } finally {
    rebuilt.doc.destroy();
  }
}
