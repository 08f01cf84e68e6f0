import { isStorableText } from '@writersroom/screenplay';
import { requireStorableText } from './storable-text.js';

/**
 * The stored form of an email in `local_accounts` and `script_invitations`:
 * lower-cased in JavaScript (locale-independent, full Unicode), so both
 * dialects store and match exactly the same text. Nothing else is changed
 * (no trimming): callers validate addresses before they reach storage.
 * Undefined when the value is not a non-empty string, or holds text no row
 * can hold ([ST39]): a lookup then finds nothing, without a query.
 */
export function emailKey(email: unknown): string | undefined {
  return typeof email === 'string' && email !== '' && isStorableText(email) ? email.toLowerCase() : undefined;
}

/**
 * Like `emailKey` for emails a write stores.
 *
 * @throws TypeError when the email is not a non-empty string or holds text
 *   that cannot be stored ([ST39]), before anything is written.
 */
export function requireEmailKey(email: unknown): string {
  requireStorableText({ email });
  const key = emailKey(email);
  if (key === undefined) throw new TypeError(`storage: email must be a non-empty string, not ${JSON.stringify(email)}`);
  return key;
}
