import { describe, expect, it } from 'vitest';
import { newShareLinkToken } from '../../src/api/sharing/share-link-token.js';
import { useServerSuite } from '../support/server-suite.js';
import { createScriptFor } from '../support/test-server.js';

describe('sharing API', () => {
  const suite = useServerSuite();
  const signIn = (user: string) => suite.call('GET', '/api/auth/me', user);

  it('invites an existing user by email with a role, changes it, and removes them', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owen');
    await signIn('ivy');
    const invited = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'IVY@writersroom.invalid', role: 'viewer' });
    expect(invited.status).toBe(201);
    const userId = invited.body.collaborator.userId;
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'ivy')).body.script.role).toBe('viewer');

    expect((await suite.call('PATCH', `/api/scripts/${scriptId}/collaborators/${userId}`, 'owen', { role: 'editor' })).status).toBe(200);
    const listed = await suite.call('GET', `/api/scripts/${scriptId}/collaborators`, 'ivy');
    expect(listed.body.owner.email).toBe('owen@writersroom.invalid');
    expect(listed.body.collaborators).toEqual([expect.objectContaining({ userId, role: 'editor' })]);

    expect((await suite.call('DELETE', `/api/scripts/${scriptId}/collaborators/${userId}`, 'owen')).status).toBe(204);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'ivy')).status).toBe(403);
  });

  it('keeps an invitation for someone without an account and grants it on their first sign-in', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owen');
    const invited = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'newcomer@writersroom.invalid', role: 'editor' });
    expect(invited.status).toBe(202);
    expect((await suite.call('GET', `/api/scripts/${scriptId}/collaborators`, 'owen')).body.invitations).toEqual([
      expect.objectContaining({ email: 'newcomer@writersroom.invalid', role: 'editor' }),
    ]);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'newcomer')).body.script.role).toBe('editor');
    expect((await suite.call('GET', `/api/scripts/${scriptId}/collaborators`, 'owen')).body.invitations).toEqual([]);
  });

  it('only the owner shares, changes roles and removes others; anyone may leave', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owen');
    await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'ed@writersroom.invalid', role: 'editor' });
    const { userId: edId } = (await signIn('ed')).body.user;
    await signIn('vic');
    const vic = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'vic@writersroom.invalid', role: 'viewer' });
    const vicId = vic.body.collaborator.userId;

    expect((await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'ed', { email: 'x@writersroom.invalid', role: 'viewer' })).status).toBe(403);
    expect((await suite.call('PATCH', `/api/scripts/${scriptId}/collaborators/${vicId}`, 'ed', { role: 'editor' })).status).toBe(403);
    expect((await suite.call('DELETE', `/api/scripts/${scriptId}/collaborators/${vicId}`, 'ed')).status).toBe(403);
    expect((await suite.call('DELETE', `/api/scripts/${scriptId}/collaborators/${edId}`, 'ed')).status).toBe(204);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'ed')).status).toBe(403);
    expect((await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'owen@writersroom.invalid', role: 'viewer' })).status).toBe(400);
  });

  it('share links grant their role once redeemed, never above their creator, and stop working when revoked', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owen');
    await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'eve@writersroom.invalid', role: 'editor' });
    await signIn('eve');
    const viewerLink = await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'owen', { role: 'viewer' });
    expect(viewerLink.status).toBe(201);
    expect(viewerLink.body.token).toMatch(/^wrl_[A-Za-z0-9_-]{43}$/);

    const redeemed = await suite.call('POST', '/api/share-links/redeem', 'pat', { token: viewerLink.body.token });
    expect(redeemed.body).toEqual({ scriptId, role: 'viewer' });
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'pat')).body.script.role).toBe('viewer');
    // Redeeming a viewer link never lowers an editor.
    expect((await suite.call('POST', '/api/share-links/redeem', 'eve', { token: viewerLink.body.token })).body.role).toBe('editor');

    await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'pat@writersroom.invalid', role: 'viewer' });
    expect((await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'pat', { role: 'viewer' })).status).toBe(403);
    expect((await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'eve', { role: 'editor' })).status).toBe(201);

    const links = await suite.call('GET', `/api/scripts/${scriptId}/share-links`, 'owen');
    expect(links.body.links).toHaveLength(2);
    expect(JSON.stringify(links.body)).not.toContain(viewerLink.body.token);

    expect((await suite.call('DELETE', `/api/scripts/${scriptId}/share-links/${viewerLink.body.link.linkId}`, 'owen')).status).toBe(204);
    const late = await suite.call('POST', '/api/share-links/redeem', 'quinn', { token: viewerLink.body.token });
    expect(late.status).toBe(404);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'quinn')).status).toBe(403);
  });

  it('gives the commenter role by invitation, role change and share link, and never lowers anyone with it', async () => {
    // Breakage tried: the sharing schema's role enum without 'commenter' (api/sharing/schema.ts) answered 400 throughout.
    const scriptId = await createScriptFor(suite.db.storage, 'owen');
    await signIn('cora');
    const invited = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'cora@writersroom.invalid', role: 'commenter' });
    expect([invited.status, invited.body.collaborator?.role]).toEqual([201, 'commenter']);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'cora')).body.script.role).toBe('commenter');

    const pending = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'nell@writersroom.invalid', role: 'commenter' });
    expect([pending.status, pending.body.invitation?.role]).toEqual([202, 'commenter']);
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'nell')).body.script.role).toBe('commenter');

    await signIn('vic');
    const vic = await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'vic@writersroom.invalid', role: 'editor' });
    const changeVic = (role: string) => suite.call('PATCH', `/api/scripts/${scriptId}/collaborators/${vic.body.collaborator.userId}`, 'owen', { role });
    expect((await changeVic('commenter')).body.collaborator?.role).toBe('commenter');
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'vic')).body.script.role).toBe('commenter');
    await changeVic('viewer');

    const link = await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'owen', { role: 'commenter' });
    expect([link.status, link.body.link?.role]).toEqual([201, 'commenter']);
    expect((await suite.call('POST', '/api/share-links/redeem', 'pat', { token: link.body.token })).body).toEqual({ scriptId, role: 'commenter' });
    // A viewer is raised by a commenter link; an editor is not lowered by one.
    expect((await suite.call('POST', '/api/share-links/redeem', 'vic', { token: link.body.token })).body.role).toBe('commenter');
    await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'eve@writersroom.invalid', role: 'editor' });
    expect((await suite.call('POST', '/api/share-links/redeem', 'eve', { token: link.body.token })).body.role).toBe('editor');
    // A commenter is not lowered by a viewer link, and cannot make links of any role.
    const viewerLink = await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'owen', { role: 'viewer' });
    expect((await suite.call('POST', '/api/share-links/redeem', 'cora', { token: viewerLink.body.token })).body.role).toBe('commenter');
    expect((await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'cora', { role: 'viewer' })).status).toBe(403);

    expect((await suite.call('POST', `/api/scripts/${scriptId}/collaborators`, 'owen', { email: 'x@writersroom.invalid', role: 'admin' })).status).toBe(400);
  });

  it('answers an unknown, malformed, revoked or expired link the same way and grants nothing', async () => {
    const scriptId = await createScriptFor(suite.db.storage, 'owen');
    const revoked = await suite.call('POST', `/api/scripts/${scriptId}/share-links`, 'owen', { role: 'editor', expiresInHours: 1 });
    await suite.db.storage.revokeShareLink(scriptId, revoked.body.link.linkId);
    const expired = newShareLinkToken();
    const owner = await suite.db.storage.provisionUser({ firebaseUid: 'dev:owen' });
    await suite.db.storage.createShareLink({
      scriptId,
      tokenHash: expired.hash,
      role: 'editor',
      createdBy: owner.userId,
      expiresAt: new Date(Date.now() - 1000),
    });
    const answers = [];
    for (const token of ['wrl_unknown', 'garbage', revoked.body.token, expired.token]) {
      answers.push(await suite.call('POST', '/api/share-links/redeem', 'rex', { token }));
    }
    for (const answer of answers) expect(answer).toEqual({ status: 404, body: answers[0]!.body });
    expect((await suite.call('GET', `/api/scripts/${scriptId}`, 'rex')).status).toBe(403);
  });
});
