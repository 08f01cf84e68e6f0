import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'wrl_';

/**
 * A share link's secret: 256 random bits, recognisable by its prefix. Only
 * its SHA-256 is stored, so a database leak does not leak working links.
 */
export function newShareLinkToken(): { token: string; hash: string } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashShareLinkToken(token) };
}

export function hashShareLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
