import { describe, expect, it } from 'vitest';
import { parseFdx } from '../fdx/parse-fdx.js';
import { writeFdx } from '../fdx/write-fdx.js';
import { parseFountain } from '../fountain/parse-fountain.js';
import { writeFountain } from '../fountain/write-fountain.js';
import { paginate } from '../pages/paginate.js';
import { layoutBlocksOf } from '../pages/layout-block.js';
import { parseProsemirrorDocument, type ProsemirrorJson, type ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { inReadingOrder, threadNoteText, type ExportedThread, type ScriptPoint } from './exported-thread.js';
import { pageOfPoint } from './page-of-point.js';

const el = (type: string, value: string, attrs?: Record<string, unknown>): ProsemirrorNodeJson => ({
  type,
  ...(attrs ? { attrs } : {}),
  ...(value === '' ? {} : { content: [{ type: 'text', text: value }] }),
});
const doc = (...content: ProsemirrorNodeJson[]) => parseProsemirrorDocument({ type: 'doc', content });
const at = new Date('2026-05-01T10:00:00Z');
const thread = (start: ScriptPoint | undefined, end: ScriptPoint | undefined, ...bodies: Array<[string, string]>): ExportedThread => ({
  anchor: start && end ? { start, end } : undefined,
  quote: 'rain falls',
  comments: bodies.map(([author, body]) => ({ author, body, createdAt: at })),
});
/** Every element's type and text, as an import reads the file back. */
const elementsOf = (document: ProsemirrorJson) =>
  (document.content ?? []).map((node) => [node.type, (node.content ?? []).map((run) => run.text ?? '').join('')]);
const scriptOnly = (elements: string[][]) => elements.filter(([type]) => type !== 'note');

const SCRIPT = doc(
  el('sceneHeading', 'INT. ATTIC - NIGHT'),
  el('action', 'The rain falls hard on the roof.'),
  el('character', 'MARA', { dualDialogue: 'left' }),
  el('dialogue', 'Leaks.', { dualDialogue: 'left' }),
  el('character', 'BEN', { dualDialogue: 'right' }),
  el('dialogue', 'Buckets.', { dualDialogue: 'right' }),
  el('character', 'MARA'),
  el('parenthetical', 'quietly'),
  el('dialogue', 'We stay.'),
  el('transition', 'CUT TO:'),
);
const HOSTILE = 'Ends early? ]] then */ and <b>&amp; \u{1F327}\uFE0F \u05D2\u05E9\u05DD \u05D9\u05D5\u05E8\u05D3]';

describe('comment threads as note text', () => {
  it('writes the opening comment, then each reply, and says what deleted text a detached one was on', () => {
    expect(threadNoteText(thread([1, 4], [1, 14], ['Ana', 'Inside too?'], ['Ben', 'Only\r\nthe attic.']))).toBe('Ana: Inside too?\n\u2014 Reply by Ben: Only\nthe attic.');
    expect(threadNoteText(thread(undefined, undefined, ['Ana', 'Gone?']))).toBe('On deleted text \u201crain falls\u201d:\nAna: Gone?');
  });

  it('orders attached threads by where their text starts, detached ones last', () => {
    const late = thread([3, 0], [3, 2], ['A', 'late']);
    const gone = thread(undefined, undefined, ['B', 'gone']);
    const early = thread([1, 9], [1, 12], ['C', 'early']);
    const earlier = thread([1, 2], [1, 12], ['D', 'earlier']);
    expect(inReadingOrder([late, gone, early, earlier])).toEqual([earlier, early, late, gone]);
  });
});

describe('comment threads in Fountain', () => {
  it('puts each note right after the paragraph its text starts in, after a whole speech, never between dual sides; detached ones at the end', () => {
    // Breakage tried: flushing notes before every paragraph (dual dialogue split by a note) fails the `^` expectation below.
    const text = writeFountain(SCRIPT, {}, {
      comments: [
        thread([1, 4], [1, 14], ['Ana', 'Inside too?'], ['Ben', 'Only the attic.']),
        thread([3, 0], [3, 5], ['Cy', 'Leaks where?']),
        thread([7, 0], [7, 3], ['Ana', 'Louder?']),
        thread(undefined, undefined, ['Ben', 'Why cut this?']),
      ],
    });
    const paragraphs = text.trimEnd().split('\n\n');
    expect(paragraphs).toEqual([
      'INT. ATTIC - NIGHT',
      'The rain falls hard on the roof.',
      '[[Ana: Inside too?\n\u2014 Reply by Ben: Only the attic.]]',
      'MARA\nLeaks.',
      'BEN ^\nBuckets.',
      '[[Cy: Leaks where?]]',
      'MARA\n(quietly)\nWe stay.',
      '[[Ana: Louder?]]',
      'CUT TO:',
      '[[Comments on text since deleted:]]',
      '[[On deleted text \u201crain falls\u201d:\nBen: Why cut this?]]',
    ]);
    const back = parseFountain(text);
    const elements = elementsOf(back.document);
    expect(scriptOnly(elements)).toEqual(scriptOnly(elementsOf(SCRIPT.toJSON() as ProsemirrorJson)));
    expect(elements.filter(([type]) => type === 'note').map(([, value]) => value)).toEqual([
      'Ana: Inside too?\n\u2014 Reply by Ben: Only the attic.',
      'Cy: Leaks where?',
      'Ana: Louder?',
      'Comments on text since deleted:',
      'On deleted text \u201crain falls\u201d:\nBen: Why cut this?',
    ]);
  });

  it('keeps `]]`, `*/`, markup, emoji, right-to-left text and blank lines inside the note, so the script after it stays script', () => {
    // Breakage tried: writing the body without altering `]]` makes the reader end the note early and read " then */…" as action.
    const text = writeFountain(SCRIPT, {}, { comments: [thread([1, 0], [1, 3], ['Ana', `${HOSTILE}\n\nSecond paragraph.`])] });
    const elements = elementsOf(parseFountain(text).document);
    expect(scriptOnly(elements)).toEqual(scriptOnly(elementsOf(SCRIPT.toJSON() as ProsemirrorJson)));
    const notes = elements.filter(([type]) => type === 'note');
    expect(notes).toEqual([['note', `Ana: ${HOSTILE.replace(']]', '] ]')}\n\nSecond paragraph.`]]);
  });

  it('writes nothing of comments when none are asked for', () => {
    expect(writeFountain(SCRIPT)).toBe(writeFountain(SCRIPT, {}, { comments: [] }));
    expect(writeFountain(SCRIPT)).not.toContain('[[');
  });
});

describe('comment threads in Final Draft', () => {
  const scriptNotes = (xml: string) => [...xml.matchAll(/<ScriptNote Id="(\d+)" Range="(\d+),(\d+)"[^>]*>(.*?)<\/ScriptNote>/g)];

  it('writes a ScriptNote whose Range covers the anchored text as the paragraphs count it, after the script\u2019s own notes', () => {
    const script = doc(el('sceneHeading', 'INT. ATTIC - NIGHT'), el('note', 'Own note.'), el('action', 'The rain falls.'), el('parenthetical', 'softly'));
    const xml = writeFdx(script, {}, { comments: [thread([2, 4], [2, 14], ['Ana', 'Rain?']), thread([3, 0], [3, 4], ['Ben', 'Softer'])] });
    const notes = scriptNotes(xml);
    // Heading: 18 + 1 units; action starts at 19, "rain falls" is 4..14 of it. The parenthetical starts at 19 + 16 = 35, its text after "(".
    expect(notes.map(([, id, from, to]) => [id, Number(from), Number(to)])).toEqual([
      ['1', 19, 34],
      ['2', 23, 33],
      ['3', 36, 40],
    ]);
    expect(notes[1]![4]).toBe('<Paragraph><Text>Ana: Rain?</Text></Paragraph>');
    const back = parseFdx(xml);
    expect(elementsOf(back.document).filter(([type]) => type === 'note').map(([, value]) => value)).toEqual(['Own note.', 'Ana: Rain?', 'Ben: Softer']);
  });

  it('points a detached thread past the end and escapes what XML cannot hold as text; the file reads back', () => {
    // Breakage tried: writing the line without escapeXmlText makes `<b>` and `&amp;` a parse error on import.
    const xml = writeFdx(SCRIPT, {}, { comments: [thread(undefined, undefined, ['Ana', HOSTILE]), thread([4, 0], [4, 3], ['Ben', 'Dual.'])] });
    const back = parseFdx(xml);
    const elements = elementsOf(back.document);
    expect(scriptOnly(elements)).toEqual(scriptOnly(elementsOf(SCRIPT.toJSON() as ProsemirrorJson)));
    expect(elements.at(-1)).toEqual(['note', `On deleted text \u201crain falls\u201d:\nAna: ${HOSTILE}`]);
    expect(back.report.notices).toEqual([]);
  });
});

describe('the page a comment is on', () => {
  it('is the last page whose body begins at or before its text', () => {
    const blocks = layoutBlocksOf(doc(el('action', 'One.'), el('action', 'Two.', { pageBreakBefore: true }), el('note', 'n'), el('action', 'Three.', { pageBreakBefore: true })));
    const { pages } = paginate(blocks);
    expect(pages.map((page) => page.number)).toEqual([1, 2, 3]);
    expect([pageOfPoint(pages, [0, 2]), pageOfPoint(pages, [1, 0]), pageOfPoint(pages, [2, 0]), pageOfPoint(pages, [3, 5])]).toEqual([1, 2, 2, 3]);
  });
});
