import { randomUUID } from 'node:crypto';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The canonical (lowercase, hyphenated) form of a UUID, or undefined when the
 * value is not one. Every id is checked with this before it reaches a query:
 * PostgreSQL rejects a malformed `uuid` with an error where the contract wants
 * "not found", and lowercasing makes SQLite's text comparison agree with
 * PostgreSQL's case-insensitive `uuid` comparison.
 */
export function canonicalId(value: unknown): string | undefined {
  return typeof value === 'string' && UUID_PATTERN.test(value) ? value.toLowerCase() : undefined;
}

/**
 * Like `canonicalId` for ids a write depends on.
 *
 * @throws TypeError naming the field when the value is not a UUID, before anything is written.
 */
export function requireId(value: unknown, field: string): string {
  const id = canonicalId(value);
  if (id === undefined) throw new TypeError(`storage: ${field} is not a UUID: ${JSON.stringify(value)}`);
  return id;
}

/** A new random (v4) id, generated here so both dialects insert the same way. */
export function newId(): string {
  return randomUUID();
}
