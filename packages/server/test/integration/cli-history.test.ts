/**
 * `writersroom history` and `writersroom restore-version`, run as an
 * operator runs them: a separate process on the server's database.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContentBlock } from '@writersroom/screenplay';
import { runCli } from '../support/cli-runner.js';
import { eventually, whenSynced } from '../support/providers.js';
import { redisAvailable, redisUrl } from '../support/redis.js';
import { blocksOf } from '../support/screenplay-reading.js';
import { useServerSuite, type ServerSuite } from '../support/server-suite.js';

const HISTORY = { quietMs: 60_000, maxIntervalMs: 60_000, retention: { keepAllMs: 3_600_000, hourlyMs: 0, dailyMs: 0 } };
const DRAFT: ContentBlock[] = [
  { type: 'scene_heading', text: 'INT. ATTIC - NIGHT' },
  { type: 'action', text: 'The rain falls hard on the roof.' },
];

/** A script with a named draft of DRAFT, then rewritten; returns its id and the draft's checkpoint id. */
async function rewrittenAfterDraft(suite: ServerSuite): Promise<{ scriptId: string; draftId: string }> {
  const created = await suite.call('POST', '/api/scripts', 'ana', { title: 'Attic', contentBlocks: DRAFT });
  const scriptId = created.body.script.scriptId as string;
  const draft = await suite.call('POST', `/api/scripts/${scriptId}/history`, 'ana', { name: 'First draft' });
  expect(draft.status).toBe(201);
  const rewrite = await suite.call('PUT', `/api/scripts/${scriptId}/content`, 'ana', { contentBlocks: [...DRAFT.slice(0, 1), { type: 'action', text: 'Sun. Dust in the light.' }] });
  expect(rewrite.status).toBe(200);
  return { scriptId, draftId: draft.body.checkpoint.checkpointId as string };
}

describe('writersroom history and restore-version', () => {
  const suite = useServerSuite('sqlite', { history: HISTORY, unloadGraceMs: 20 });

  // Breakage that fails this: restore-version writing the checkpoint's state as a baseline row (old and new content both show after the merge).
  it('lists the history, dry-runs without a change, and restores as one forward edit the next open shows, recorded in the history', async () => {
    const { scriptId, draftId } = await rewrittenAfterDraft(suite);
    const location = suite.db.location;
    // The REST write's room unloads (20 ms grace), so the next open reads the stored log, and its checkpoint is taken.
    await eventually(async () => (await suite.db.storage.listCheckpoints(scriptId)).length === 2, 'the script leaves memory');
    const listed = await runCli(['history', scriptId, '--json'], { location });
    expect(listed.code).toBe(0);
    // The draft, and the automatic checkpoint the rewrite's room took when it left memory.
    const listedKinds = JSON.parse(listed.stdout).checkpoints.map((c: { checkpointId: string; kind: string; name: string | null }) => [c.kind, c.checkpointId === draftId ? c.name : null]);
    expect(listedKinds.sort()).toEqual([['auto', null], ['named', 'First draft']]);

    const rowsBefore = await suite.db.storage.countVersions(scriptId);
    const dryRun = await runCli(['restore-version', scriptId, draftId, '--json'], { location });
    expect(dryRun.code).toBe(0);
    expect(JSON.parse(dryRun.stdout)).toMatchObject({ dryRun: true, added: 0, removed: 0, changed: 1 });
    expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore);

    const restored = await runCli(['restore-version', scriptId, draftId, '--execute', '--json'], { location });
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ restored: true });
    expect(await suite.db.storage.countVersions(scriptId)).toBe(rowsBefore + 1);
    const [newest] = await suite.db.storage.listCheckpoints(scriptId);
    expect(newest).toMatchObject({ kind: 'restore', restoredFrom: draftId, name: 'Restored “First draft”' });

    const client = suite.connect(scriptId, 'ana');
    await whenSynced(client);
    expect(blocksOf(client.doc).map((block) => block.text)).toEqual(DRAFT.map((block) => block.text));

    const again = await runCli(['restore-version', scriptId, draftId, '--execute', '--json'], { location });
    expect(JSON.parse(again.stdout)).toMatchObject({ restored: false });
  });

  it('refuses an unknown checkpoint or a malformed id, changing nothing', async () => {
    const { scriptId } = await rewrittenAfterDraft(suite);
    const location = suite.db.location;
    const unknown = await runCli(['restore-version', scriptId, '0b6f1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b', '--execute'], { location });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has no checkpoint');
    const malformed = await runCli(['restore-version', scriptId, 'nope'], { location });
    expect(malformed.code).toBe(2);
    expect((await runCli(['history', '0b6f1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b'], { location })).code).toBe(1);
  });
});

describe.skipIf(!redisAvailable)('writersroom restore-version with REDIS_URL', () => {
  const redisKeyPrefix = `wrtest:${randomBytes(8).toString('hex')}:`;
  const suite = useServerSuite('sqlite', { history: HISTORY, redisUrl, redisKeyPrefix });

  // Breakage that fails this: announceStoredEdit not publishing the resync (the open page never shows the restore).
  it('an open page shows a restore the CLI stored, at once', async () => {
    const { scriptId, draftId } = await rewrittenAfterDraft(suite);
    const client = suite.connect(scriptId, 'ana');
    await whenSynced(client);
    expect(blocksOf(client.doc)[1]?.text).toBe('Sun. Dust in the light.');
    const restored = await runCli(['restore-version', scriptId, draftId, '--execute'], { location: suite.db.location, env: { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: redisKeyPrefix } });
    expect(restored.code).toBe(0);
    await eventually(() => blocksOf(client.doc)[1]?.text === DRAFT[1]!.text, 'the open page shows the restored draft');
  });
});
