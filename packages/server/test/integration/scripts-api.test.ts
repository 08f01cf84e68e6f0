import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useServerSuite } from '../support/server-suite.js';

describe('scripts REST API', () => {
  const suite = useServerSuite();

  it('creates, lists, gets, renames, deletes and restores a script', async () => {
    const created = await suite.call('POST', '/api/scripts', 'ana', { title: '  The Long Night  ' });
    expect(created.status).toBe(201);
    const { scriptId } = created.body.script;
    expect(created.body.script).toMatchObject({ title: 'The Long Night', contentBlocks: null, deletedAt: null, generation: 0 });

    expect((await suite.call('GET', '/api/scripts', 'ana')).body.scripts.find((s: any) => s.scriptId === scriptId)).toMatchObject({ generation: 0 });
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'ana')).body.script).toMatchObject({ scriptId, role: 'owner', generation: 0 });

    const renamed = await suite.call('PATCH', `/api/scripts/${scriptId}`, 'ana', { title: 'The Longest Night' });
    expect(renamed.body.script.title).toBe('The Longest Night');

    expect((await suite.call('DELETE', `/api/scripts/${scriptId}`, 'ana')).status).toBe(200);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'ana')).status).toBe(404);
    expect((await suite.call('GET', '/api/scripts', 'ana')).body.scripts.map((s: any) => s.scriptId)).not.toContain(scriptId);
    expect((await suite.call('GET', '/api/scripts?deleted=true', 'ana')).body.scripts.map((s: any) => s.scriptId)).toContain(scriptId);

    const restored = await suite.call('POST', `/api/scripts/${scriptId}/restore`, 'ana');
    expect(restored.body.script).toMatchObject({ scriptId, title: 'The Longest Night', deletedAt: null });
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'ana')).status).toBe(200);
  });

  it('answers bad input with a coded error and changes nothing', async () => {
    // Fails if a refused request still writes: a script stored before its body is checked, a rename or delete before the role is.
    const { scriptId } = (await suite.call('POST', '/api/scripts', 'ben', { title: 'Original' })).body.script;
    const everything = async () => ({
      scriptIds: (await suite.db.storage.listScriptIds()).sort(),
      bens: (await suite.call('GET', '/api/scripts', 'ben')).body,
      bensDeleted: (await suite.call('GET', '/api/scripts?deleted=true', 'ben')).body,
      eves: (await suite.call('GET', '/api/scripts', 'eve')).body,
      script: (await suite.call('GET', `/api/scripts/${scriptId}`, 'ben')).body,
      collaborators: await suite.db.storage.listCollaborators(scriptId),
      versions: await suite.db.storage.countVersions(scriptId),
    });
    const before = await everything();
    const cases = [
      { request: suite.call('POST', '/api/scripts', undefined, { title: 'x' }), status: 401, code: 'WR_ERR_UNAUTHENTICATED' },
      { request: suite.call('POST', '/api/scripts', 'ben', undefined, '{"title": '), status: 400, code: 'WR_ERR_INVALID_REQUEST' },
      { request: suite.call('POST', '/api/scripts', 'ben', { title: '   ' }), status: 400, code: 'WR_ERR_INVALID_REQUEST' },
      { request: suite.call('POST', '/api/scripts', 'ben', { title: 'ok', owner: 'me' }), status: 400, code: 'WR_ERR_INVALID_REQUEST' },
      { request: suite.call('PATCH', `/api/scripts/${scriptId}`, 'ben', { title: 'x'.repeat(201) }), status: 400, code: 'WR_ERR_INVALID_REQUEST' },
      { request: suite.call('GET', `/api/scripts/${randomUUID()}`, 'ben'), status: 404, code: 'WR_ERR_SCRIPT_NOT_FOUND' },
      { request: suite.call('GET', '/api/scripts/not-a-uuid', 'ben'), status: 404, code: 'WR_ERR_SCRIPT_NOT_FOUND' },
      { request: suite.call('GET', `/api/scripts/${scriptId}`, 'eve'), status: 403, code: 'WR_ERR_FORBIDDEN' },
      { request: suite.call('PATCH', `/api/scripts/${scriptId}`, 'eve', { title: 'Mine now' }), status: 403, code: 'WR_ERR_FORBIDDEN' },
      { request: suite.call('DELETE', `/api/scripts/${scriptId}`, 'eve'), status: 403, code: 'WR_ERR_FORBIDDEN' },
      { request: suite.call('GET', '/api/nothing-here', 'ben'), status: 404, code: 'WR_ERR_NOT_FOUND' },
    ];
    for (const { request, status, code } of cases) {
      const response = await request;
      expect({ status: response.status, code: response.body.error?.code }).toEqual({ status, code });
      expect(response.body.error.message).toEqual(expect.any(String));
    }
    const after = await suite.call('GET', `/api/scripts/${scriptId}`, 'ben');
    expect(after.body.script).toMatchObject({ title: 'Original', deletedAt: null });
    expect(await everything()).toEqual(before);
  });

  it('lets an editor rename but not delete, and a viewer do neither', async () => {
    const { scriptId } = (await suite.call('POST', '/api/scripts', 'cat', { title: 'Shared' })).body.script;
    for (const [name, role] of [['ed', 'editor'], ['vi', 'viewer']] as const) {
      const user = await suite.db.storage.provisionUser({ firebaseUid: `dev:${name}` });
      await suite.db.storage.setCollaborator(scriptId, user.userId, role);
    }
    expect((await suite.call('PATCH', `/api/scripts/${scriptId}`, 'ed', { title: 'Shared, renamed' })).status).toBe(200);
    expect((await suite.call('DELETE', `/api/scripts/${scriptId}`, 'ed')).status).toBe(403);
    expect((await suite.call('PATCH', `/api/scripts/${scriptId}`, 'vi', { title: 'Viewer was here' })).status).toBe(403);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'vi')).body.script).toMatchObject({ title: 'Shared, renamed', role: 'viewer' });
  });

  it('lists who each of your own scripts is shared with, invitations included, and nothing of the sharing of others\' scripts', async () => {
    const mine = (await suite.call('POST', '/api/scripts', 'dora', { title: 'Shared' })).body.script.scriptId;
    const alone = (await suite.call('POST', '/api/scripts', 'dora', { title: 'Alone' })).body.script.scriptId;
    const theirs = (await suite.call('POST', '/api/scripts', 'walt', { title: 'Theirs' })).body.script.scriptId;
    await suite.call('GET', '/api/auth/me', 'finn');
    await suite.call('POST', `/api/scripts/${mine}/collaborators`, 'dora', { email: 'finn@writersroom.invalid', role: 'editor' });
    await suite.call('POST', `/api/scripts/${mine}/collaborators`, 'dora', { email: 'Newcomer@Example.com', role: 'viewer' });
    await suite.call('POST', `/api/scripts/${theirs}/collaborators`, 'walt', { email: 'dora@writersroom.invalid', role: 'viewer' });
    await suite.call('POST', `/api/scripts/${theirs}/collaborators`, 'walt', { email: 'finn@writersroom.invalid', role: 'viewer' });

    const listed = (await suite.call('GET', '/api/scripts', 'dora')).body.scripts;
    const byId = new Map<string, any>(listed.map((script: any) => [script.scriptId, script]));
    expect(byId.get(mine).sharedWith).toEqual([
      { email: 'finn@writersroom.invalid', displayName: 'finn', role: 'editor', pending: false },
      { email: 'newcomer@example.com', displayName: null, role: 'viewer', pending: true },
    ]);
    expect(byId.get(alone).sharedWith).toEqual([]);
    expect(byId.get(theirs)).toMatchObject({ role: 'viewer' });
    expect(byId.get(theirs)).not.toHaveProperty('sharedWith');
  });

  it('serves /healthz and /metrics without credentials', async () => {
    const health = await fetch(`${suite.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', storage: { writable: true, pendingRows: 0 } });
    const metrics = await (await fetch(`${suite.server.url}/metrics`)).text();
    for (const name of [
      'writersroom_sync_first_reply_seconds',
      'writersroom_rows_persisted_total',
      'writersroom_commit_batch_rows',
      'writersroom_commit_duration_seconds',
      'writersroom_loaded_scripts',
      'writersroom_open_connections',
      'yjs_corruption_detected_total',
    ]) {
      expect(metrics).toContain(`# TYPE ${name}`);
    }
  });
});
