import { BLOCK_TYPE_TO_ELEMENT } from '../content-blocks.js';
import { documentToContentBlocks } from '../convert-content-blocks.js';
import { parseProsemirrorDocument, type ProsemirrorJson } from '../parse-prosemirror-document.js';
import { pairReplacements, type ComparableElement } from './pair-replacements.js';
import { diffSequences } from './sequence-diff.js';
import { slideLoneBlocks } from './slide-lone-blocks.js';
import { diffWords, type WordRun } from './word-diff.js';

/** One element of the comparison, in the reading order of both versions. */
export interface ComparedElement {
  status: 'same' | 'added' | 'removed' | 'changed';
  /** The element type after (before, for a removed element). */
  type: string;
  /** Only when the element's type changed (action -> character). */
  previousType?: string;
  /** The text before: removed, changed and same elements. */
  before?: string;
  /** The text after: added, changed and same elements. */
  after?: string;
  /** Changed elements only: same + removed runs spell `before`, same + added runs spell `after`. */
  words?: WordRun[];
}

/** The comparison and its counts of elements added, removed and changed. */
export interface VersionComparison {
  elements: ComparedElement[];
  added: number;
  removed: number;
  changed: number;
}

// Where a writer's insertion or cut usually begins; see slideLoneBlocks.
const UNIT_OPENERS: ReadonlySet<string> = new Set(['sceneHeading', 'character', 'section']);

/**
 * What a rewrite changed, element by element, for a writer proofreading it.
 * Elements are matched on their type and plain text by a shortest diff; in
 * each run of removed and added elements between two matches, those that
 * keep their type or most of their words are one element `changed`, with
 * its words compared. A moved scene is shown where it was, removed, and
 * where it is, added.
 *
 * Marks (bold, italic, underline) and attributes (scene numbers, dual
 * dialogue, page breaks) are not compared: an element whose only change is
 * one of those is `same`. The empty script (one empty action) has no
 * elements, so comparing with it shows everything added or removed.
 *
 * Pure; about O((N + M) · D) for N and M elements and D of them differing.
 *
 * @throws ContentFormatError if either document is not a screenplay document.
 */
export function compareVersions(before: ProsemirrorJson, after: ProsemirrorJson): VersionComparison {
  const from = elementsOf(before);
  const to = elementsOf(after);
  const keys = { a: from.map(keyOf), b: to.map(keyOf) };
  const edits = diffSequences(keys.a, keys.b);
  slideLoneBlocks(edits, keys, {
    a: (index) => UNIT_OPENERS.has(from[index]!.type),
    b: (index) => UNIT_OPENERS.has(to[index]!.type),
  });
  const comparison: VersionComparison = { elements: [], added: 0, removed: 0, changed: 0 };
  let removed: ComparableElement[] = [];
  let added: ComparableElement[] = [];
  for (const edit of edits) {
    if (edit.op === 'removed') removed.push(from[edit.a]!);
    else if (edit.op === 'added') added.push(to[edit.b]!);
    else {
      addReplacedRun(comparison, removed, added);
      [removed, added] = [[], []];
      const element = to[edit.b]!;
      comparison.elements.push({ status: 'same', type: element.type, before: element.text, after: element.text });
    }
  }
  addReplacedRun(comparison, removed, added);
  return comparison;
}

function addReplacedRun(comparison: VersionComparison, removed: readonly ComparableElement[], added: readonly ComparableElement[]): void {
  for (const step of pairReplacements(removed, added)) {
    if (step.kind === 'removed') {
      const element = removed[step.removed]!;
      comparison.elements.push({ status: 'removed', type: element.type, before: element.text });
      comparison.removed++;
    } else if (step.kind === 'added') {
      const element = added[step.added]!;
      comparison.elements.push({ status: 'added', type: element.type, after: element.text });
      comparison.added++;
    } else {
      comparison.elements.push(changedElement(removed[step.removed]!, added[step.added]!));
      comparison.changed++;
    }
  }
}

function changedElement(before: ComparableElement, after: ComparableElement): ComparedElement {
  return {
    status: 'changed',
    type: after.type,
    ...(before.type === after.type ? {} : { previousType: before.type }),
    before: before.text,
    after: after.text,
    words: diffWords(before.text, after.text),
  };
}

/** The elements of a document as compared: type and plain text (content_blocks' reading of it, marks dropped). */
function elementsOf(json: ProsemirrorJson): ComparableElement[] {
  // Versions are read from stored documents, which may hold text written before today's rules: read it as it is.
  const doc = parseProsemirrorDocument(json, { unstorableText: 'keep' });
  return documentToContentBlocks(doc).map((block) => ({ type: BLOCK_TYPE_TO_ELEMENT[block.type], text: block.text }));
}

/** Unambiguous: no element type contains a colon. */
function keyOf(element: ComparableElement): string {
  return `${element.type}:${element.text}`;
}
