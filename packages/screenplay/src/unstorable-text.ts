/**
 * The one rule for text that cannot be stored, shared by every place text
 * enters a script or the database (REST bodies, the schema guard, imports,
 * the storage itself) and by the browser.
 *
 * Refused: NUL (PostgreSQL's `text` and `jsonb` cannot hold it, SQLite can,
 * so the two storages would disagree), lone UTF-16 surrogates (UTF-8 cannot
 * encode them: drivers and Yjs turn them into U+FFFD, or PostgreSQL's `jsonb`
 * refuses their `\ud800` escape, so the text would come back changed or not at
 * all), and every other C0 control character except tab and newline (nothing
 * in a screenplay means them, and a terminal's escape sequences pasted into a
 * title would reach every log and report that prints it). Everything else of
 * Unicode, DEL and C1 controls included, is stored as given.
 */

/** A character `findUnstorableCharacter` refuses. */
export interface UnstorableCharacter {
  /** UTF-16 index of the character in its string. */
  index: number;
  /** Its code point and name, for messages: `U+0000 (NUL)`, `U+D800 (lone high surrogate)`. */
  name: string;
}

/** An unstorable character inside a JSON value, located. */
export interface UnstorableTextAt extends UnstorableCharacter {
  /** Where the string is: `contentBlocks[3].text`; `''` for the value itself. */
  path: string;
  /** True when the string is an object key (`path` then names the key, written `["…"]`). */
  inKey: boolean;
}

// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\u0000-\u0008\u000B-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Names of C0 controls by code, U+0000 to U+001F (tab and newline are storable but named for completeness). */
const C0_NAMES = [
  'NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI',
  'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US',
];

/**
 * The first character of `text` that cannot be stored, or undefined when
 * every character can. One regular-expression scan: linear in the length.
 */
export function findUnstorableCharacter(text: string): UnstorableCharacter | undefined {
  const match = UNSTORABLE.exec(text);
  if (match === null) return undefined;
  const code = text.charCodeAt(match.index);
  return { index: match.index, name: `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${characterName(code)})` };
}

function characterName(code: number): string {
  if (code < 0x20) return C0_NAMES[code] ?? 'control';
  return code < 0xdc00 ? 'lone high surrogate' : 'lone low surrogate';
}

/** Whether every character of `text` can be stored. */
export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

interface Pending {
  value: unknown;
  parent: Pending | undefined;
  /** How this value is reached from its parent: `[3]` or `.text` / `["a b"]`. */
  step: string;
}

/**
 * The first unstorable character in a JSON value: in any string, object key
 * or value, at any depth, in document order (an object's keys before its
 * values). Arrays and objects are walked (their own enumerable properties);
 * numbers, booleans, null and binary data (a `Uint8Array` in a Yjs value)
 * hold no text. Iterative, so a deeply nested
 * body cannot overflow the stack; paths are built only for the one reported.
 *
 * @param rootPath prefixes every path (`contentBlocks` gives `contentBlocks[3].text`).
 */
export function findUnstorableJson(value: unknown, rootPath = ''): UnstorableTextAt | undefined {
  const stack: Pending[] = [{ value, parent: undefined, step: rootPath }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const current = next;
    const { value: item } = current;
    if (typeof item === 'string') {
      const found = findUnstorableCharacter(item);
      if (found) return { ...found, path: pathOf(current), inKey: false };
    } else if (Array.isArray(item)) {
      for (let index = item.length - 1; index >= 0; index -= 1) stack.push({ value: item[index], parent: current, step: `[${index}]` });
    } else if (isWalkedObject(item)) {
      const entries = Object.entries(item);
      for (const [key] of entries) {
        const found = findUnstorableCharacter(key);
        if (found) return { ...found, path: pathOf({ value: key, parent: current, step: keyStep(key) }), inKey: true };
      }
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index] as [string, unknown];
        stack.push({ value: child, parent: current, step: keyStep(key) });
      }
    }
  }
  return undefined;
}

/** How a found character reads in a message: `contentBlocks[3].text holds U+0000 (NUL) at index 5`. */
export function describeUnstorableText(found: UnstorableTextAt): string {
  const where = found.path === '' ? 'the text' : found.path;
  return `${found.inKey ? `the key ${where}` : where} holds ${found.name} at index ${found.index}`;
}

/**
 * Objects whose own enumerable properties are walked, as JSON.stringify would
 * write them: any object, whatever its prototype (Fastify's parsed query
 * strings have a prototype of their own), except binary data, which holds
 * bytes, not text, and could be large.
 */
function isWalkedObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `.name` for ordinary keys; `["…"]` for the rest, JSON-escaped so that a NUL in a key prints as `\u0000`. */
function keyStep(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function pathOf(entry: Pending): string {
  const steps: string[] = [];
  for (let at: Pending | undefined = entry; at !== undefined; at = at.parent) steps.push(at.step);
  const path = steps.reverse().join('');
  return path.startsWith('.') ? path.slice(1) : path;
}
