import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Limits } from '../../config.js';
import { perClientAddress } from '../../http/rate-limits.js';
import type { AccessEvents } from '../../auth/access-events.js';
import { atLeast } from '../../auth/roles.js';
import { WritersRoomError } from '../../errors.js';
import type { Storage } from '../../storage/storage.js';
import { parse } from '../parse.js';
import { scriptForCaller } from '../script-access.js';
import {
  changeRoleBody,
  collaboratorParams,
  collaboratorView,
  createLinkBody,
  invitationParams,
  invitationView,
  inviteBody,
  linkParams,
  redeemBody,
  shareLinkView,
  userView,
} from './schema.js';
import { hashShareLinkToken, newShareLinkToken } from './share-link-token.js';

/**
 * Sharing a script: collaborators (owner invites by email, changes roles,
 * removes; anyone may leave), pending invitations for people without an
 * account, and share links. Every change of access is published so that open
 * sockets follow it at once.
 */
export function registerSharingRoutes(
  app: FastifyInstance,
  deps: { storage: Storage; events: AccessEvents; limits: Pick<Limits, 'invitations' | 'linkRedemptions'> },
): void {
  const invitations = { rateLimit: perClientAddress(deps.limits.invitations, 'invitations') };
  const { storage, events } = deps;
  const authorise = (request: FastifyRequest, options: Parameters<typeof scriptForCaller>[3] = {}) =>
    scriptForCaller(storage, request.identity, request.params, options);
  const roleChanged = (scriptId: string, userId: string) => events.publish({ kind: 'role-changed', scriptId, userId });

  app.get('/api/scripts/:scriptId/collaborators', async (request) => {
    const { script, role } = await authorise(request);
    const [owner, collaborators, invitations] = await Promise.all([
      storage.getUser(script.ownerId),
      storage.listCollaborators(script.scriptId),
      role === 'owner' ? storage.listInvitations(script.scriptId) : Promise.resolve([]),
    ]);
    return {
      owner: owner ? userView(owner) : null,
      collaborators: collaborators.map(collaboratorView),
      invitations: invitations.map(invitationView),
    };
  });

  app.post('/api/scripts/:scriptId/collaborators', { config: invitations }, async (request, reply) => {
    const { script } = await authorise(request, { minimum: 'owner', action: 'share a script' });
    const { email, role } = parse(inviteBody, request.body);
    const user = await storage.findUserByEmail(email);
    if (!user) {
      const invitation = await storage.saveInvitation({ scriptId: script.scriptId, email, role, invitedBy: request.identity.userId });
      return reply.code(202).send({ invitation: invitationView(invitation) });
    }
    if (user.userId === script.ownerId) throw new WritersRoomError('WR_ERR_INVALID_REQUEST', 'The owner already has full access.');
    await storage.setCollaborator(script.scriptId, user.userId, role);
    roleChanged(script.scriptId, user.userId);
    return reply.code(201).send({ collaborator: { ...userView(user), role } });
  });

  app.patch('/api/scripts/:scriptId/collaborators/:userId', async (request) => {
    const { script } = await authorise(request, { minimum: 'owner', action: 'change roles' });
    const { userId } = parse(collaboratorParams, request.params);
    const { role } = parse(changeRoleBody, request.body);
    const current = await storage.listCollaborators(script.scriptId);
    const collaborator = current.find((entry) => entry.user.userId === userId);
    if (!collaborator) throw new WritersRoomError('WR_ERR_NOT_FOUND', 'That person is not a collaborator on this script.');
    await storage.setCollaborator(script.scriptId, userId, role);
    roleChanged(script.scriptId, userId);
    return { collaborator: collaboratorView({ user: collaborator.user, role }) };
  });

  app.delete('/api/scripts/:scriptId/collaborators/:userId', async (request, reply) => {
    const { userId } = parse(collaboratorParams, request.params);
    const leaving = userId === request.identity.userId;
    const { script } = await authorise(request, leaving ? {} : { minimum: 'owner', action: 'remove collaborators' });
    if (!(await storage.removeCollaborator(script.scriptId, userId))) {
      throw new WritersRoomError('WR_ERR_NOT_FOUND', 'That person is not a collaborator on this script.');
    }
    roleChanged(script.scriptId, userId);
    return reply.code(204).send();
  });

  app.delete('/api/scripts/:scriptId/invitations/:email', async (request, reply) => {
    const { script } = await authorise(request, { minimum: 'owner', action: 'withdraw invitations' });
    const { email } = parse(invitationParams, request.params);
    if (!(await storage.deleteInvitation(script.scriptId, email.toLowerCase()))) {
      throw new WritersRoomError('WR_ERR_NOT_FOUND', 'No pending invitation for that email.');
    }
    return reply.code(204).send();
  });

  app.post('/api/scripts/:scriptId/share-links', { config: invitations }, async (request, reply) => {
    const { script, role: callerRole } = await authorise(request, { minimum: 'editor', action: 'create share links' });
    const { role, expiresInHours } = parse(createLinkBody, request.body);
    if (!atLeast(callerRole, role)) throw new WritersRoomError('WR_ERR_FORBIDDEN', 'A link cannot grant more than your own role.');
    const { token, hash } = newShareLinkToken();
    const expiresAt = expiresInHours === undefined ? null : new Date(Date.now() + expiresInHours * 3600 * 1000);
    const link = await storage.createShareLink({ scriptId: script.scriptId, tokenHash: hash, role, createdBy: request.identity.userId, expiresAt });
    // The token is shown once; only its hash is kept.
    return reply.code(201).send({ link: shareLinkView(link, Date.now()), token });
  });

  app.get('/api/scripts/:scriptId/share-links', async (request) => {
    const { script } = await authorise(request, { minimum: 'editor', action: 'see share links' });
    const now = Date.now();
    return { links: (await storage.listShareLinks(script.scriptId)).map((link) => shareLinkView(link, now)) };
  });

  app.delete('/api/scripts/:scriptId/share-links/:linkId', async (request, reply) => {
    const { script } = await authorise(request, { minimum: 'editor', action: 'revoke share links' });
    const { linkId } = parse(linkParams, request.params);
    if (!(await storage.revokeShareLink(script.scriptId, linkId))) throw new WritersRoomError('WR_ERR_NOT_FOUND', 'No active link with that id.');
    return reply.code(204).send();
  });

  app.post('/api/share-links/redeem', { config: { rateLimit: perClientAddress(deps.limits.linkRedemptions, 'link-redemptions') } }, async (request) => {
    const { token } = parse(redeemBody, request.body);
    const link = await storage.findShareLink(hashShareLinkToken(token));
    const usable = link && !link.revokedAt && (link.expiresAt === null || link.expiresAt.getTime() > Date.now());
    const script = usable ? await storage.getScript(link.scriptId) : undefined;
    // One answer for unknown, revoked, expired and deleted: a link either works or it does not.
    if (!link || !script) throw new WritersRoomError('WR_ERR_NOT_FOUND', 'This link is invalid or has expired.');
    const current = await storage.getRole(script.scriptId, request.identity.userId);
    if (!current || !atLeast(current, link.role)) {
      await storage.setCollaborator(script.scriptId, request.identity.userId, link.role);
      roleChanged(script.scriptId, request.identity.userId);
    }
    const role = current && atLeast(current, link.role) ? current : link.role;
    return { scriptId: script.scriptId, role };
  });
}
