import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import { BLOCK_TYPE_TO_ELEMENT } from '../content-blocks.js';
import { documentToContentBlocks } from '../convert-content-blocks.js';
import type { ElementAttributeName, ElementAttributes } from '../element-attributes.js';
import { parseProsemirrorDocument, type ProsemirrorJson } from '../parse-prosemirror-document.js';
import { pairReplacements, type ComparableElement } from './pair-replacements.js';
import { diffSequences } from './sequence-diff.js';
import { slideLoneBlocks } from './slide-lone-blocks.js';
import { diffWords, type WordRun } from './word-diff.js';

/** An element attribute set, cleared or changed between the versions; null where it is not set. */
export interface AttributeChange {
  name: ElementAttributeName;
  before: ElementAttributes[ElementAttributeName] | null;
  after: ElementAttributes[ElementAttributeName] | null;
}

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
  /** Changed elements only, when a scene number, dual dialogue side, forced page break or section level changed. */
  attributes?: AttributeChange[];
  /** Changed elements only: the text is the same and its bold, italic or underline is not. */
  formatting?: true;
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
 * where it is, added. A matched element whose attributes (scene number,
 * dual dialogue, forced page break, section level) or marks (bold, italic,
 * underline) changed is `changed` too, its words all the same, saying
 * which. The empty script (one empty action) has no elements, so comparing
 * with it shows everything added or removed.
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
  let removed: VersionElement[] = [];
  let added: VersionElement[] = [];
  for (const edit of edits) {
    if (edit.op === 'removed') removed.push(from[edit.a]!);
    else if (edit.op === 'added') added.push(to[edit.b]!);
    else {
      addReplacedRun(comparison, removed, added);
      [removed, added] = [[], []];
      const [was, element] = [from[edit.a]!, to[edit.b]!];
      if (was.marks === element.marks && attributeChanges(was, element).length === 0) {
        comparison.elements.push({ status: 'same', type: element.type, before: element.text, after: element.text });
      } else {
        comparison.elements.push(changedElement(was, element));
        comparison.changed++;
      }
    }
  }
  addReplacedRun(comparison, removed, added);
  return comparison;
}

function addReplacedRun(comparison: VersionComparison, removed: readonly VersionElement[], added: readonly VersionElement[]): void {
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

/** An element as read for comparing: matched on type and text; its attributes and marks compared once matched. */
interface VersionElement extends ComparableElement {
  attributes: ElementAttributes;
  /** Where its text carries which marks; equal strings for equal formatting. */
  marks: string;
}

function changedElement(before: VersionElement, after: VersionElement): ComparedElement {
  const attributes = attributeChanges(before, after);
  return {
    status: 'changed',
    type: after.type,
    ...(before.type === after.type ? {} : { previousType: before.type }),
    before: before.text,
    after: after.text,
    words: diffWords(before.text, after.text),
    ...(attributes.length > 0 ? { attributes } : {}),
    ...(before.text === after.text && before.marks !== after.marks ? { formatting: true } : {}),
  };
}

function attributeChanges(before: VersionElement, after: VersionElement): AttributeChange[] {
  const names = new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)] as ElementAttributeName[]);
  return [...names].flatMap((name) => {
    const [was, is] = [before.attributes[name] ?? null, after.attributes[name] ?? null];
    return was === is ? [] : [{ name, before: was, after: is }];
  });
}

/** The elements of a document as compared: content_blocks' reading of it (type, plain text, attributes), and its marks. */
function elementsOf(json: ProsemirrorJson): VersionElement[] {
  // Versions are read from stored documents, which may hold text written before today's rules: read it as it is.
  const doc = parseProsemirrorDocument(json, { unstorableText: 'keep' });
  // One block per top-level node, or none for the empty script.
  return documentToContentBlocks(doc).map((block, index) => ({
    type: BLOCK_TYPE_TO_ELEMENT[block.type],
    text: block.text,
    attributes: block.metadata ?? {},
    marks: marksOf(doc.child(index)),
  }));
}

/** Each marked stretch of the element's text as offset, length and mark names; empty for plain text (most elements). */
function marksOf(element: ProsemirrorNode): string {
  let marks = '';
  element.forEach((text, offset) => {
    if (text.marks.length > 0) marks += `${offset}+${text.nodeSize}:${text.marks.map((mark) => mark.type.name).join(',')};`;
  });
  return marks;
}

/** Unambiguous: no element type contains a colon. */
function keyOf(element: ComparableElement): string {
  return `${element.type}:${element.text}`;
}
