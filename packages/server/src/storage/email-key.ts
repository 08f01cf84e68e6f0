/**
 * The stored form of an email in `local_accounts` and `script_invitations`:
 * lower-cased in JavaScript (locale-independent, full Unicode), so both
 * dialects store and match exactly the same text. Nothing else is changed
 * (no trimming): callers validate addresses before they reach storage.
 * Undefined when the value is not a non-empty string (a lookup then finds nothing).
 */
export function emailKey(email: unknown): string | undefined {
  return typeof email === 'string' && email !== '' ? email.toLowerCase() : undefined;
}

/**
 * Like `emailKey` for emails a write stores.
 *
 * @throws TypeError when the email is not a non-empty string, before anything is written.
 */
export function requireEmailKey(email: unknown): string {
  const key = emailKey(email);
  if (key === undefined) throw new TypeError(`storage: email must be a non-empty string, not ${JSON.stringify(email)}`);
  return key;
}
