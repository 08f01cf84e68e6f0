import { describe, expect, it } from 'vitest';
import { readWithFountainJs } from '../../test/fountain-js-reading.js';
import { parseProsemirrorDocument, type ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { parseFountain } from './parse-fountain.js';
import { writeFountain } from './write-fountain.js';

/** A realistic script in the spirit of the spec's Brick & Steel sample: every element, written by hand. */
const SAMPLE = [
  'Title:',
  '    _**BRICK & STEEL**_',
  '    _**FULL RETIREMENT**_',
  'Credit: Written by',
  'Author: Stu Maschwitz',
  'Source: Story by KTM',
  'Draft date: 1/20/2012',
  'Contact:',
  '    Next Level Productions',
  '    1588 Mission Dr.',
  '    Solvang, CA 93463',
  '',
  '# ACT I',
  '',
  '= Set up the characters and the story.',
  '',
  'EXT. BRICK\'S PATIO - DAY #1#',
  '',
  'A gorgeous day.  The sun is shining.  But BRICK BRADDOCK, retired police detective, is sitting quietly, contemplating -- something.',
  '',
  'The SCREEN DOOR slides open and DICK STEEL, his former partner and fellow retiree, emerges with two cold beers.',
  '',
  'STEEL',
  'Beer\'s ready!',
  '',
  'BRICK',
  'Are they cold?',
  '',
  'STEEL',
  'Does a bear crap in the woods?',
  '',
  'Steel sits.  They laugh at the dumb joke.',
  '',
  '[[Is this joke too old?]]',
  '',
  'STEEL',
  '(beer raised)',
  'To retirement.',
  '',
  'BRICK',
  'To retirement.',
  '',
  'They drink *long* and _well_ from the beers.',
  '',
  '.SNIPER SCOPE POV #1A#',
  '',
  'From what seems like only INCHES AWAY.  _Steel\'s face FILLS the *Leupold Mark 4* scope_.',
  '',
  'STEEL',
  'The man\'s a myth!',
  '',
  'Steel turns back to the bikini-clad girls.',
  '',
  'BRICK',
  'Screw retirement.',
  '',
  'STEEL ^',
  'Screw retirement.',
  '',
  'CUT TO:',
  '',
  '===',
  '',
  'INT. TRAILER HOME - DAY #2#',
  '',
  'This is the home of THE BOSS.  A deeply tanned man in a tank top.',
  '',
  'THE BOSS (V.O.)',
  'Fine. Fine. Fine.',
  '  ',
  'I said fine!',
  '',
  '~Willy Wonka! Willy Wonka!',
  '~The amazing chocolatier!',
  '',
  '@McCLANE',
  'Yippie ki-yay!',
  '',
  '/*',
  'INT. GARAGE - DAY',
  '',
  'BRICK and STEEL get into Mom\'s PORSCHE.',
  '*/',
  '',
  '> Burn to White.',
  '',
  '>THE END<',
].join('\n');

/** An element's type, attributes and text, marks aside. */
const withoutMarks = (element: ProsemirrorNodeJson) => ({ ...element, content: (element.content ?? []).map((run) => run.text).join('') });

describe('Fountain sample script', () => {
  it('reads back stable: parse, write, parse gives the same elements, text, attributes and title page', () => {
    // Breaks, for one, if the writer forces a heading whose scene number the parser then leaves in its text.
    const first = parseFountain(SAMPLE);
    const written = writeFountain(parseProsemirrorDocument(first.document), first.titlePage);
    const second = parseFountain(written);
    expect(second.document.content.map(withoutMarks), written).toEqual(first.document.content.map(withoutMarks));
    expect(second.titlePage).toEqual(first.titlePage);
    expect(second.report.notices).toEqual([]);
    // From then on the text is a fixed point, marks included.
    expect(writeFountain(parseProsemirrorDocument(second.document), second.titlePage)).toBe(written);
  });

  it('loses only what the writer documents: spaces at the edge of a marked run lose their marks', () => {
    // `_the *Mark 4* scope_` is written `_the_ _*Mark 4*_ _scope_`: the spaces beside the italic print plain.
    const first = parseFountain('_the *Mark 4* scope_');
    const second = parseFountain(writeFountain(parseProsemirrorDocument(first.document)));
    const marksOf = (script: typeof first) => script.document.content[0]!.content!.map((run) => [run.text, (run.marks ?? []).map((mark) => mark.type).join('+')]);
    expect(marksOf(first)).toEqual([['the ', 'underline'], ['Mark 4', 'italic+underline'], [' scope', 'underline']]);
    expect(marksOf(second)).toEqual([['the', 'underline'], [' ', ''], ['Mark 4', 'italic+underline'], [' ', ''], ['scope', 'underline']]);
  });

  it('agrees with fountain-js on the type of every element it prints (fountain-js drops the boneyard)', () => {
    // Breaks if dual dialogue, forced elements, lyrics or the outline are read differently from a reader writers use.
    const ours = parseFountain(SAMPLE).document.content.map((element) => element.type).filter((type) => type !== 'boneyard');
    expect(ours).toEqual(readWithFountainJs(SAMPLE).elements.map((element) => element.type));
  });

  it('reports what it changed, each once with its first line', () => {
    expect(parseFountain(SAMPLE).report).toEqual({
      format: 'fountain',
      elements: { section: 1, synopsis: 1, sceneHeading: 3, action: 7, character: 10, dialogue: 10, note: 1, parenthetical: 1, transition: 2, lyrics: 1, boneyard: 1, centered: 1 },
      titlePageFields: 6,
      notices: [
        { message: 'bold, italic and underline on the title page are not kept: its fields are plain text', count: 2, line: 1 },
        { message: 'character cue text is stored in capitals, as WritersRoom prints it', count: 1, line: 76 },
        { message: 'transition text is stored in capitals, as WritersRoom prints it', count: 1, line: 85 },
      ],
    });
  });
});
