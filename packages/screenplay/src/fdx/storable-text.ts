import { findUnstorableCharacter } from '../unstorable-text.js';

/**
 * `text` without the characters a script cannot store (unstorable-text.ts),
 * and the names of those it held (`U+0007 (BEL)`), each once. An import
 * strips them and says so instead of refusing the whole file for a stray
 * control character.
 */
export function withoutUnstorable(text: string): { text: string; removed: string[] } {
  let found = findUnstorableCharacter(text);
  if (found === undefined) return { text, removed: [] };
  const removed = new Set<string>();
  let kept = '';
  let rest = text;
  while (found !== undefined) {
    removed.add(found.name);
    kept += rest.slice(0, found.index);
    rest = rest.slice(found.index + 1);
    found = findUnstorableCharacter(rest);
  }
  return { text: kept + rest, removed: [...removed] };
}
