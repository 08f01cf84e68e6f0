import type { Node as ProsemirrorNode, ResolvedPos } from '@tiptap/pm/model';
import { sceneHeadingLocation, sceneHeadingPrefixLength } from './scene-heading-text.js';

/**
 * What the cursor is typing that the script may already contain: a character
 * name, or a scene heading's location after its INT./EXT. prefix. `from`–`to`
 * is the typed part that accepting a suggestion replaces; `element` is the
 * position of the element being typed, which never suggests itself.
 */
export interface TypeAheadContext {
  kind: 'character' | 'location';
  query: string;
  from: number;
  to: number;
  element: number;
}

/**
 * The type-ahead context at a cursor, or null. Suggestions start with the
 * first typed letter (an empty element offers nothing, so Enter on it keeps
 * its meaning) and only while the cursor is at the end of the element.
 */
export function typeAheadContextAt($cursor: ResolvedPos): TypeAheadContext | null {
  const element = $cursor.parent;
  if ($cursor.parentOffset !== element.content.size) return null;
  const text = element.textContent;
  const start = $cursor.start();
  const base = { element: $cursor.before(), to: $cursor.pos };
  if (element.type.name === 'character') {
    return text.trim() === '' ? null : { ...base, kind: 'character', query: text, from: start };
  }
  if (element.type.name === 'sceneHeading') {
    const prefixLength = sceneHeadingPrefixLength(text);
    const query = text.slice(prefixLength);
    return prefixLength === 0 || query.trim() === '' ? null : { ...base, kind: 'location', query, from: start + prefixLength };
  }
  return null;
}

/**
 * Names (or locations) already in the script that start with the query and
 * are longer than it, the most used first and, among equals, the most
 * recently used. Case-insensitive; returned upper-case, as the script stores them.
 */
export function typeAheadCandidates(doc: ProsemirrorNode, context: TypeAheadContext, limit = 6): string[] {
  const seen = new Map<string, { count: number; last: number }>();
  doc.forEach((element, offset, index) => {
    if (offset === context.element) return;
    const candidate = candidateIn(element, context.kind);
    if (candidate === null) return;
    const entry = seen.get(candidate) ?? { count: 0, last: 0 };
    seen.set(candidate, { count: entry.count + 1, last: index });
  });
  const query = context.query.toUpperCase();
  return [...seen.entries()]
    .filter(([candidate]) => candidate.startsWith(query) && candidate !== query)
    .sort(([, a], [, b]) => b.count - a.count || b.last - a.last)
    .slice(0, limit)
    .map(([candidate]) => candidate);
}

function candidateIn(element: ProsemirrorNode, kind: TypeAheadContext['kind']): string | null {
  if (kind === 'location') return element.type.name === 'sceneHeading' ? sceneHeadingLocation(element.textContent) : null;
  if (element.type.name !== 'character') return null;
  return characterName(element.textContent);
}

/** "MARIA (V.O.)" and "MARIA (CONT'D)" are both MARIA; a trailing ^ marks dual dialogue in Fountain. */
function characterName(text: string): string | null {
  const name = text.replace(/\(.*$/, '').replace(/\^\s*$/, '').trim().toUpperCase();
  return name === '' ? null : name;
}
