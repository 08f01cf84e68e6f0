import { threadNoteText, type ExportedThread, type ScriptPoint } from '../comments/exported-thread.js';
import type { TextPlace } from './write-fdx-content.js';
import { escapeXmlAttribute, escapeXmlText } from './xml-escape.js';

/**
 * Comment threads as `<ScriptNote>`s, numbered on from `firstId`: each a
 * paragraph per line of the thread (`Author: text`, then its replies), with
 * a `Range` over the anchored text as the script's paragraphs count it
 * (`places`, from writeContent), so Final Draft marks that text. A detached
 * thread points at `scriptLength`, past the last paragraph: readers put it
 * at the end. Final Draft keeps a note's author in `WriterName`, which
 * WritersRoom's import does not keep; the name is in the text instead.
 */
export function commentNotesXml(threads: readonly ExportedThread[], places: readonly TextPlace[], scriptLength: number, firstId: number): string[] {
  return threads.map((thread, index) => {
    const range = thread.anchor === undefined ? `${scriptLength},${scriptLength}` : rangeOf(thread.anchor.start, thread.anchor.end, places, scriptLength);
    const paragraphs = threadNoteText(thread)
      .split('\n')
      .map((line) => `<Paragraph><Text>${escapeXmlText(line)}</Text></Paragraph>`)
      .join('');
    return `<ScriptNote Id="${firstId + index}" Range="${escapeXmlAttribute(range)}">${paragraphs}</ScriptNote>`;
  });
}

function rangeOf(start: ScriptPoint, end: ScriptPoint, places: readonly TextPlace[], scriptLength: number): string {
  const from = unitOf(start, places, scriptLength);
  return `${from},${Math.max(from, unitOf(end, places, scriptLength))}`;
}

/** A point's unit: its element's start plus the offset, held inside the text the paragraph counts. */
function unitOf([element, offset]: ScriptPoint, places: readonly TextPlace[], scriptLength: number): number {
  const place = places[element];
  if (place === undefined) return scriptLength;
  return place.start + Math.min(Math.max(offset, 0), place.length);
}
