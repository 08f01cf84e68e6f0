import { findUnstorableCharacter } from './unstorable-text.js';

/**
 * Input that does not describe a valid screenplay: content_blocks with an
 * unknown type, ProseMirror JSON with a node the schema does not know, a
 * legacy entry that cannot be read. Thrown instead of dropping or guessing, so
 * that bad content is refused with a message naming where it is wrong rather
 * than turning into a silently shorter (or blank) script.
 *
 * `path` locates the problem in the input (`[3].metadata`, `content[2].attrs`);
 * it is also part of the message. A user's mistake, not our bug: servers map it
 * to a 400-class answer.
 */
export class ContentFormatError extends Error {
  override readonly name = 'ContentFormatError';
  readonly path: string | undefined;

  constructor(message: string, path?: string) {
    super(path === undefined || path === '' ? message : `${message} at ${path}`);
    this.path = path;
  }
}

/** Wraps anything thrown by ProseMirror or Yjs into a ContentFormatError naming `path`. */
export function asContentFormatError(error: unknown, context: string, path?: string): ContentFormatError {
  if (error instanceof ContentFormatError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new ContentFormatError(`${context}: ${reason}`, path);
}

/** Describes a value's kind for messages: `null`, `array`, `string`, ... */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** A plain JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Refuses text that cannot be stored (unstorable-text.ts) where content
 * enters a script, instead of letting the database refuse or change it later.
 *
 * @throws ContentFormatError naming the character, its index and `path`.
 */
export function requireStorableText(text: string, what: string, path: string): void {
  const found = findUnstorableCharacter(text);
  if (found) throw new ContentFormatError(`unstorable character ${found.name} in ${what} (index ${found.index})`, path);
}
