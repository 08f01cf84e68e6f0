import { z } from 'zod';
import { COLLABORATOR_ROLES, type CollaboratorRecord, type InvitationRecord, type ShareLinkRecord, type UserRecord } from '../../storage/storage.js';

const collaboratorRole = z.enum(COLLABORATOR_ROLES);

export const inviteBody = z.object({ email: z.string().trim().toLowerCase().email('must be an email address').max(254), role: collaboratorRole }).strict();
export const changeRoleBody = z.object({ role: collaboratorRole }).strict();
export const collaboratorParams = z.object({ scriptId: z.string(), userId: z.string().min(1).max(64) });
export const invitationParams = z.object({ scriptId: z.string(), email: z.string().min(1).max(254) });
export const linkParams = z.object({ scriptId: z.string(), linkId: z.string().min(1).max(64) });
export const createLinkBody = z
  .object({ role: collaboratorRole, expiresInHours: z.number().int().min(1).max(24 * 365).optional() })
  .strict();
export const redeemBody = z.object({ token: z.string().min(1).max(200) }).strict();

export const userView = (user: UserRecord) => ({ userId: user.userId, email: user.email, displayName: user.displayName });

export const collaboratorView = ({ user, role }: CollaboratorRecord) => ({ ...userView(user), role });

export const invitationView = (invitation: InvitationRecord) => ({
  email: invitation.email,
  role: invitation.role,
  invitedBy: invitation.invitedBy,
  createdAt: invitation.createdAt.toISOString(),
});

export const shareLinkView = (link: ShareLinkRecord, now: number) => ({
  linkId: link.linkId,
  role: link.role,
  createdBy: link.createdBy,
  createdAt: link.createdAt.toISOString(),
  expiresAt: link.expiresAt?.toISOString() ?? null,
  revokedAt: link.revokedAt?.toISOString() ?? null,
  active: link.revokedAt === null && (link.expiresAt === null || link.expiresAt.getTime() > now),
});
