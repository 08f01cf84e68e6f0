import type { Node as ProsemirrorNode } from '@tiptap/pm/model';
import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { quoted, type NoticeLog } from './notice-log.js';
import { withoutUnstorable } from './storable-text.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';
import type { XmlElement } from './xml-tree.js';

/**
 * Final Draft keeps a paragraph's text in `<Text>` runs, each with a
 * `Style=` of `+`-joined names (`Bold+Italic+Underline`, in any order).
 * Three of its styles are WritersRoom's marks; the others have no place.
 */
const MARK_OF_STYLE: Readonly<Record<string, string>> = { Bold: 'bold', Italic: 'italic', Underline: 'underline' };
const STYLE_OF_MARK: Readonly<Record<string, string>> = { bold: 'Bold', italic: 'Italic', underline: 'Underline' };
/** Final Draft's "show in capitals": kept by storing the run in capitals, which is what prints. */
const ALL_CAPS = 'AllCaps';

/**
 * Attributes Final Draft writes on every run: how it is drawn (font, size,
 * colours), revision and tag bookkeeping. None is text; they are dropped
 * without a notice, which every file would otherwise get.
 */
const DRAWING_ATTRIBUTES: ReadonlySet<string> = new Set(['Font', 'Size', 'Color', 'Background', 'AdornmentStyle', 'RevisionID', 'TagNumber', 'Style']);

/**
 * The text of `paragraph`'s `<Text>` runs as ProseMirror text nodes with
 * their marks, in order (empty runs left out). Styles without a mark are
 * noted, text no script can store is stripped and noted. Anything in the
 * paragraph other than `<Text>` is for the caller.
 */
export function readTextRuns(paragraph: XmlElement, notices: NoticeLog): ProsemirrorNodeJson[] {
  const runs: ProsemirrorNodeJson[] = [];
  for (const child of paragraph.children) {
    if (typeof child === 'string' || child.name !== 'Text') continue;
    for (const name of Object.keys(child.attributes)) {
      if (!DRAWING_ATTRIBUTES.has(name)) notices.add(`the ${name} attribute of Final Draft's text runs is not kept`, child.line);
    }
    const { marks, allCaps } = readStyle(child.attributes['Style'] ?? '', child.line, notices);
    const raw = child.children.filter((part): part is string => typeof part === 'string').join('');
    const text = storableText(allCaps ? raw.toUpperCase() : raw, child.line, notices);
    if (allCaps && text !== raw) notices.add('text Final Draft shows in capitals (its AllCaps style) is stored in capitals', child.line);
    if (text === '') continue;
    runs.push(marks.length > 0 ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text });
  }
  return runs;
}

/**
 * The runs of the `<Paragraph>`s inside `container` (a ScriptNote, a scene
 * summary), one line each: a newline run between paragraphs. Anything else
 * in the container is left out with a notice.
 */
export function readParagraphRuns(container: XmlElement, notices: NoticeLog): ProsemirrorNodeJson[] {
  const runs: ProsemirrorNodeJson[] = [];
  let paragraphs = 0;
  for (const child of container.children) {
    if (typeof child === 'string') continue;
    if (child.name !== 'Paragraph') {
      notices.add(`Final Draft's <${child.name}> inside <${container.name}> is not kept`, child.line);
      continue;
    }
    if (paragraphs > 0) runs.push({ type: 'text', text: '\n' });
    paragraphs += 1;
    runs.push(...readTextRuns(child, notices));
  }
  return runs;
}

function readStyle(style: string, line: number, notices: NoticeLog): { marks: string[]; allCaps: boolean } {
  const marks = new Set<string>();
  let allCaps = false;
  for (const name of style.split('+')) {
    const trimmed = name.trim();
    if (trimmed === '') continue;
    const mark = MARK_OF_STYLE[trimmed];
    if (mark !== undefined) marks.add(mark);
    else if (trimmed === ALL_CAPS) allCaps = true;
    else notices.add(`Final Draft's ${quoted(trimmed)} style is not kept (bold, italic and underline are)`, line);
  }
  return { marks: [...marks], allCaps };
}

/** `text` with what no script can store stripped, and a notice per kind of character stripped. */
export function storableText(text: string, line: number, notices: NoticeLog): string {
  const storable = withoutUnstorable(text);
  for (const name of storable.removed) notices.add(`removed ${name}, a character a script cannot hold`, line);
  return storable.text;
}

/**
 * `element`'s text as `<Text>` runs, one per ProseMirror text node, each
 * mark a style (`Bold+Italic+Underline`, in that order); an empty element
 * gets one empty run, as Final Draft writes an empty paragraph.
 */
export function textRunsXml(element: ProsemirrorNode): string {
  if (element.childCount === 0) return '<Text></Text>';
  let xml = '';
  element.forEach((child) => {
    const styles = child.marks.map((mark) => STYLE_OF_MARK[mark.type.name]).filter((style) => style !== undefined);
    const style = styles.length > 0 ? ` Style="${escapeXmlAttribute(styles.join('+'))}"` : '';
    xml += `<Text${style}>${escapeXmlText(child.text ?? '')}</Text>`;
  });
  return xml;
}
