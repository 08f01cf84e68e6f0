import { describe, expect, it } from 'vitest';
import { parseProsemirrorDocument, type ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import type { TitlePage } from '../title-page.js';
import { writeFdx, type WriteFdxOptions } from './write-fdx.js';
import { readXmlTree, type XmlElement } from './xml-tree.js';

const text = (value: string, ...marks: string[]): ProsemirrorNodeJson =>
  marks.length > 0 ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value };
const element = (type: string, content: ProsemirrorNodeJson[] = [], attrs?: Record<string, unknown>): ProsemirrorNodeJson => ({
  type,
  ...(attrs ? { attrs } : {}),
  ...(content.length > 0 ? { content } : {}),
});

/** The file written for `elements`, read back as an XML tree (which also proves it well-formed). */
const written = (elements: ProsemirrorNodeJson[], titlePage: TitlePage = {}, options: WriteFdxOptions = {}) =>
  readXmlTree(writeFdx(parseProsemirrorDocument({ type: 'doc', content: elements }), titlePage, options));
const children = (parent: XmlElement, name?: string) =>
  parent.children.filter((child): child is XmlElement => typeof child !== 'string' && (name === undefined || child.name === name));
const child = (parent: XmlElement, name: string) => children(parent, name)[0]!;
/** Each paragraph of `<Content>` as its attributes and its runs ([style, text]). */
const paragraphs = (root: XmlElement) =>
  children(child(root, 'Content')).map((paragraph): Record<string, string | string[][]> => ({
    ...paragraph.attributes,
    runs: children(paragraph, 'Text').map((run) => [run.attributes['Style'] ?? '', run.children.join('')]),
  }));

describe('writeFdx', () => {
  it('writes a Final Draft script document', () => {
    const xml = writeFdx(parseProsemirrorDocument({ type: 'doc', content: [element('action', [text('Rain.')])] }));
    expect(xml.split('\n').slice(0, 2)).toEqual(['<?xml version="1.0" encoding="UTF-8" standalone="no" ?>', '<FinalDraft DocumentType="Script" Template="No" Version="5">']);
    expect(readXmlTree(xml).attributes).toEqual({ DocumentType: 'Script', Template: 'No', Version: '5' });
  });

  it('writes each element as the paragraph type Final Draft knows it by, with its scene number and page break', () => {
    const root = written([
      element('sceneHeading', [text('INT. HOUSE - DAY')], { sceneNumber: '12A', pageBreakBefore: true }),
      element('action', [text('Rain.')]),
      element('centered', [text('THE END')]),
      element('general', [text('General.')]),
      element('shot', [text('ANGLE ON')]),
      element('transition', [text('CUT TO:')]),
      element('character', [text('MARA')]),
      element('dialogue', [text('Hi.')]),
      element('lyrics', [text('La.')]),
      element('section', [text('Act one')], { depth: 3 }),
      element('synopsis', [text('It begins.')]),
    ]);
    expect(paragraphs(root).map(({ runs: _runs, ...attributes }) => attributes)).toEqual([
      { Type: 'Scene Heading', Number: '12A', StartsNewPage: 'Yes' },
      { Type: 'Action' },
      { Type: 'Action', Alignment: 'Center' },
      { Type: 'General' },
      { Type: 'Shot' },
      { Type: 'Transition' },
      { Type: 'Character' },
      { Type: 'Dialogue' },
      { Type: 'Lyrics' },
      { Type: 'Outline 3' },
      { Type: 'Outline Body' },
    ]);
  });

  // Breakage: writing the marks' own names ("bold+italic") instead of Final Draft's style names failed here.
  it('writes marks as Style runs, combined with + in Final Draft’s order, an empty element as one empty run', () => {
    const root = written([
      element('action', [text('a'), text('b', 'bold'), text('c', 'italic'), text('d', 'underline'), text('e', 'bold', 'italic'), text('f', 'italic', 'underline'), text('g', 'bold', 'italic', 'underline')]),
      element('action'),
    ]);
    expect(paragraphs(root).map((paragraph) => paragraph.runs)).toEqual([
      [['', 'a'], ['Bold', 'b'], ['Italic', 'c'], ['Underline', 'd'], ['Bold+Italic', 'e'], ['Italic+Underline', 'f'], ['Bold+Italic+Underline', 'g']],
      [['', '']],
    ]);
  });

  it('gives a parenthetical the parentheses Final Draft stores, never twice', () => {
    const root = written([element('parenthetical', [text('beat', 'italic')]), element('parenthetical', [text('(already)')]), element('parenthetical')]);
    expect(paragraphs(root).map((paragraph) => paragraph.runs)).toEqual([[['', '('], ['Italic', 'beat'], ['', ')']], [['', '(already)']], [['', '('], ['', ')']]]);
  });

  // Breakage: without &#10; and &#9; for attribute values, the scene number came back with spaces for its line
  // break and tab (XML normalises them); without the > escape, "]]>" made the file malformed.
  it('escapes what XML would misread, and replaces what it cannot carry', () => {
    const root = written([element('sceneHeading', [text('A & B <C> "D" ]]> \'E\'\n\tF')], { sceneNumber: '1"2\n3\t&<' }), element('action', [text('x\uFFFEy\uFFFF')])]);
    expect(paragraphs(root)).toEqual([
      { Type: 'Scene Heading', Number: '1"2\n3\t&<', runs: [['', 'A & B <C> "D" ]]> \'E\'\n\tF']] },
      { Type: 'Action', runs: [['', 'x\uFFFDy\uFFFD']] },
    ]);
  });

  it('puts a synopsis right under a scene heading into the scene’s summary, and others as outline body', () => {
    const root = written([
      element('sceneHeading', [text('INT. A - DAY')]),
      element('synopsis', [text('Summary of A.')]),
      element('synopsis', [text('More.')]),
      element('sceneHeading', [text('INT. B - DAY')]),
      element('synopsis', [text('  ')]),
    ]);
    const heading = children(child(root, 'Content'))[0]!;
    const summary = child(child(child(child(heading, 'SceneProperties'), 'Summary'), 'Paragraph'), 'Text');
    expect(summary.children).toEqual(['Summary of A.']);
    expect(paragraphs(root).map((paragraph) => paragraph.Type)).toEqual(['Scene Heading', 'Outline Body', 'Scene Heading', 'Outline Body']);
  });

  // Breakage: ending a dual dialogue run at any element that is not dual dialogue split the first pair at its note,
  // giving three DualDialogue blocks (the second one right-hand speech, which reads back as a left one).
  it('writes each pair of dual speeches as one DualDialogue, a note inside the pair pointing at it', () => {
    const side = (dualDialogue: 'left' | 'right', pageBreakBefore?: true) => ({ dualDialogue, ...(pageBreakBefore ? { pageBreakBefore } : {}) });
    const root = written([
      element('character', [text('A')], side('left', true)),
      element('dialogue', [text('1')], side('left')),
      element('note', [text('Inside the pair.')]),
      element('character', [text('B')], side('right')),
      element('dialogue', [text('2')], side('right', true)),
      element('character', [text('C')], side('left')),
      element('dialogue', [text('3')], side('left')),
      element('character', [text('D')], side('right')),
      element('dialogue', [text('4')], side('right')),
    ]);
    const blocks = children(child(root, 'Content'));
    expect(blocks.map((block) => [block.attributes, children(child(block, 'DualDialogue')).map((inner) => [inner.attributes['Type'], inner.attributes['StartsNewPage'] ?? ''])])).toEqual([
      [{ Type: 'General', StartsNewPage: 'Yes' }, [['Character', ''], ['Dialogue', ''], ['Character', ''], ['Dialogue', 'Yes']]],
      [{ Type: 'General' }, [['Character', ''], ['Dialogue', ''], ['Character', ''], ['Dialogue', '']]],
    ]);
    expect(children(child(root, 'ScriptNotes')).map((note) => note.attributes)).toEqual([{ Id: '1', Range: '0,0' }]);
  });

  it('writes notes and the boneyard as ScriptNotes pointing at the paragraph after them', () => {
    const root = written([
      element('note', [text('First.')]),
      element('sceneHeading', [text('INT. LAB - DAY')]),
      element('boneyard', [text('Set aside.')]),
      element('note', [text('Two lines,\nbold', 'bold')]),
      element('action', [text('She waits.')]),
      element('note', [text('At the end.')]),
    ]);
    expect(paragraphs(root).map((paragraph) => paragraph.Type)).toEqual(['Scene Heading', 'Action']);
    expect(children(child(root, 'ScriptNotes')).map((note) => [note.attributes, children(child(note, 'Paragraph'), 'Text').map((run) => run.children.join(''))])).toEqual([
      [{ Id: '1', Range: '0,14' }, ['First.']],
      [{ Id: '2', Range: '15,25', Type: 'Boneyard' }, ['Set aside.']],
      [{ Id: '3', Range: '15,25' }, ['Two lines,\nbold']],
      [{ Id: '4', Range: '26,26' }, ['At the end.']],
    ]);
  });
});

describe('writeFdx: the title page', () => {
  const titlePageParagraphs = (titlePage: TitlePage, options: WriteFdxOptions = {}) =>
    children(child(child(written([element('action')], titlePage, options), 'TitlePage'), 'Content')).map((paragraph) => [
      paragraph.attributes['Alignment'],
      child(paragraph, 'Text').children.join(''),
    ]);

  // Breakage: without the blank lines above the title, it stood at the top of the page.
  it('follows Final Draft’s title page: centred title a third down, credit, authors, source; right corner; contact bottom left', () => {
    const lines = titlePageParagraphs({
      title: 'THE LONG NIGHT',
      credit: 'Written by',
      authors: 'Ada Lovelace\n\nCharles Babbage',
      source: 'Based on the novel',
      draftDate: 'May 2, 2026',
      copyright: '© 2026',
      notes: 'Second draft',
      contact: 'Next Level\n555-0100',
    });
    const filled = lines.flatMap(([alignment, words], index) => (words === '' ? [] : [[index, alignment, words]]));
    expect(filled).toEqual([
      [16, 'Center', 'THE LONG NIGHT'],
      [18, 'Center', 'Written by'],
      [20, 'Center', 'Ada Lovelace'],
      [21, 'Center', 'Charles Babbage'],
      [24, 'Center', 'Based on the novel'],
      [42, 'Right', 'May 2, 2026'],
      [44, 'Right', '© 2026'],
      [46, 'Right', 'Second draft'],
      [48, 'Left', 'Next Level'],
      [49, 'Left', '555-0100'],
    ]);
    // The 50th of the page's 54 lines: room for a line Final Draft wraps.
    expect(lines).toHaveLength(50);
  });

  it('prints the fallback title when the page has none, and writes no title page for an empty one', () => {
    expect(titlePageParagraphs({}, { fallbackTitle: 'Untitled Heist' }).filter(([, words]) => words !== '')).toEqual([['Center', 'Untitled Heist']]);
    expect(children(written([element('action')], {}), 'TitlePage')).toEqual([]);
  });
});
