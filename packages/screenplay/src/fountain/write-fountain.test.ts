import { describe, expect, it } from 'vitest';
import type { ElementType } from '../element-types.js';
import type { LayoutBlock } from '../pages/layout-block.js';
import { parseProsemirrorDocument } from '../parse-prosemirror-document.js';
import { fountainOfBlocks, writeFountain } from './write-fountain.js';

const block = (type: ElementType, text: string, extra: Partial<LayoutBlock> = {}): LayoutBlock => ({ type, text, styles: [], ...extra });
const heading = (text: string, extra: Partial<LayoutBlock> = {}) => block('sceneHeading', text, extra);
const action = (text: string, extra: Partial<LayoutBlock> = {}) => block('action', text, extra);
const cue = (text: string, extra: Partial<LayoutBlock> = {}) => block('character', text, extra);
const paren = (text: string, extra: Partial<LayoutBlock> = {}) => block('parenthetical', text, extra);
const dialogue = (text: string, extra: Partial<LayoutBlock> = {}) => block('dialogue', text, extra);
const transition = (text: string) => block('transition', text);

/** The Fountain of `blocks`, as paragraphs (split at the blank lines between them). */
const paragraphs = (...blocks: LayoutBlock[]) => fountainOfBlocks(blocks).trimEnd().split('\n\n');
/** The paragraph one block makes, after another (the first line of a document has a rule of its own). */
const written = (one: LayoutBlock) => paragraphs(action('Rain.'), one)[1];

describe('Fountain writer: title page', () => {
  it('writes the keys in the spec’s order, one per line, then a blank line before the script', () => {
    const text = fountainOfBlocks([heading('INT. HOUSE - DAY')], {
      notes: 'Second draft',
      copyright: '(c) 2026',
      contact: 'agent@example.com',
      draftDate: '1 May 2026',
      source: 'Based on a story by K.',
      authors: 'Ada Lovelace',
      credit: 'Written by',
      title: 'The Long Night',
    });
    // Breaks if fields follow the order the title page object lists them in.
    expect(text).toBe(
      [
        'Title: The Long Night',
        'Credit: Written by',
        'Author: Ada Lovelace',
        'Source: Based on a story by K.',
        'Draft date: 1 May 2026',
        'Contact: agent@example.com',
        'Copyright: (c) 2026',
        'Notes: Second draft',
        '',
        'INT. HOUSE - DAY',
        '',
      ].join('\n'),
    );
  });

  it('puts a value of several lines under its key, indented, without the empty lines that would end the title page', () => {
    const text = fountainOfBlocks([], { authors: 'Ada Lovelace\nCharles Babbage', contact: ' Next Level\n\n  1588 Mission Dr. \n', title: '', credit: '  ' });
    // Breaks if the blank line stays in (the title page would end there) or `Authors` loses its s.
    expect(text).toBe(['Authors:', '    Ada Lovelace', '    Charles Babbage', 'Contact:', '    Next Level', '    1588 Mission Dr.', ''].join('\n'));
  });

  it('escapes emphasis characters in values', () => {
    // Breaks without the escape: `BRICK_&_STEEL` would print `&` underlined.
    expect(fountainOfBlocks([], { title: 'BRICK_&_STEEL *' })).toBe('Title: BRICK\\_&\\_STEEL \\*\n');
  });

  it('writes no title page, and no blank line before the script, when every field is empty', () => {
    expect(fountainOfBlocks([action('He waits.')], { title: '' })).toBe('He waits.\n');
    expect(fountainOfBlocks([])).toBe('');
  });
});

describe('Fountain writer: scene headings', () => {
  it('leaves a heading unforced when it begins with a prefix the spec recognises, a dot or a space after it', () => {
    for (const text of ['INT. HOUSE - DAY', 'EXT. ROOF - NIGHT', 'EST. CITY - DAWN', 'INT./EXT. CAR - DAY', 'INT/EXT CAR - DAY', 'I/E CAR - DAY', 'int. house - day', 'EXT ROOF']) {
      expect(written(heading(text))).toBe(text);
    }
  });

  it('forces any other heading with a period, escaping a period of its own', () => {
    // Breaks if the prefix test forgets the dot-or-space after it: `INTERIOR` and `EXTRA` would go unforced and read as action.
    expect(written(heading('ROOFTOP'))).toBe('.ROOFTOP');
    expect(written(heading('INTERIOR HALL'))).toBe('.INTERIOR HALL');
    expect(written(heading('EXTRA SCENE'))).toBe('.EXTRA SCENE');
    expect(written(heading('INT.'))).toBe('.INT.');
    expect(written(heading('.HIDDEN ROOM'))).toBe('.\\.HIDDEN ROOM');
  });

  it('writes a heading on one line', () => {
    expect(written(heading('INT. HOUSE\n- DAY'))).toBe('INT. HOUSE - DAY');
  });

  it('writes the scene number after the heading as #12A#, and leaves out one the spec cannot hold', () => {
    expect(written(heading('INT. HOUSE - DAY', { sceneNumber: '12A' }))).toBe('INT. HOUSE - DAY #12A#');
    expect(written(heading('ROOFTOP', { sceneNumber: 'I-1-A' }))).toBe('.ROOFTOP #I-1-A#');
    // Breaks if any number is written: `#1 2#` is no scene number and would print as part of the heading.
    expect(written(heading('INT. HOUSE - DAY', { sceneNumber: '1 2' }))).toBe('INT. HOUSE - DAY');
  });
});

describe('Fountain writer: action', () => {
  it('writes action as typed, its line breaks kept', () => {
    expect(written(action('They drink long and well.\nAnd then there is a long beat.'))).toBe('They drink long and well.\nAnd then there is a long beat.');
  });

  it('forces a first line in capitals with `!`, followed by text or not, which would read as a cue', () => {
    // Breaks if the cue rule is dropped: fountain-js reads THE LIGHTS FAIL as a cue and the next line as dialogue.
    expect(written(action('THE LIGHTS FAIL\nNobody moves.'))).toBe('!THE LIGHTS FAIL\nNobody moves.');
    expect(written(action('BANG!'))).toBe('!BANG!');
    expect(written(action('...'))).toBe('!...');
    // Breaks if the extension is not set aside: fountain-js reads a cue in capitals whatever its extension says.
    expect(written(action('HANS (on the radio)\nplays softly.'))).toBe('!HANS (on the radio)\nplays softly.');
    // A capital line further down follows action, and reads as action.
    expect(written(action('Nobody moves.\nTHE LIGHTS FAIL\nThen silence.'))).toBe('Nobody moves.\nTHE LIGHTS FAIL\nThen silence.');
  });

  it('forces a line that would read as a heading, a transition or markup, wherever it stands in the action', () => {
    const cases: Array<[string, string]> = [
      ['Int. is short for interior.', '!Int. is short for interior.'],
      ['He walks to:', 'He walks to:'],
      ['And then we CUT TO:', '!And then we CUT TO:'],
      ['FADE OUT.', '!FADE OUT.'],
      ['@home, she waits.', '!@home, she waits.'],
      ['~la la la', '!~la la la'],
      ['#1 on the charts.', '!#1 on the charts.'],
      ['= and then', '!= and then'],
      ['> that way', '!> that way'],
      ['.45 caliber.', '!.45 caliber.'],
      ['!!! the alarm', '!!!! the alarm'],
      ['...where the carnival is parked.', '...where the carnival is parked.'],
      ['[[not a note]] then', '![[not a note]] then'],
      ['The plan:\nEXT. is where we go.', 'The plan:\n!EXT. is where we go.'],
    ];
    // Breaks if forcing looks only at the first line (the last case) or drops any one markup character.
    for (const [text, expected] of cases) expect(written(action(text)), text).toBe(expected);
  });

  it('forces after the indent, which action keeps', () => {
    // Breaks if `!` goes before the indent: fountain-js removes `!` only right before the text.
    expect(written(action('Nobody moves.\n    #42 on the door'))).toBe('Nobody moves.\n    !#42 on the door');
    expect(written(action('   indented line'))).toBe('   indented line');
  });

  it('writes a blank line inside an element as two spaces, and leaves out blank lines at its edges', () => {
    // Breaks if the blank line is written empty: the action would split in two.
    expect(written(action('\nOne.\n\nTwo.\n\n'))).toBe('One.\n  \nTwo.');
  });

  it('forces a first line that could start a title page when there is no title page', () => {
    // Breaks if only the spec's own keys count: the spec lets a title page use any key.
    expect(fountainOfBlocks([action('He walks to: the door.')])).toBe('!He walks to: the door.\n');
    expect(fountainOfBlocks([action('He walks to: the door.')], { title: 'T' })).toBe('Title: T\n\nHe walks to: the door.\n');
    expect(fountainOfBlocks([transition('CUT TO:')])).toBe('>CUT TO:\n');
    expect(fountainOfBlocks([heading('EXT HOUSE: DAY')])).toBe('.EXT HOUSE: DAY\n');
    expect(fountainOfBlocks([cue('NOTE:'), dialogue('Hi.')])).toBe('@NOTE:\nHi.\n');
  });
});

describe('Fountain writer: characters and dialogue', () => {
  it('writes a cue in capitals unforced, its extension too, and the speech with no blank line', () => {
    expect(written(cue('MOM (O.S.)'))).toBe('!MOM (O.S.)');
    expect(paragraphs(cue('MOM (O.S.)'), dialogue('Luke! Come down for supper!'))).toEqual(['MOM (O.S.)\nLuke! Come down for supper!']);
    expect(paragraphs(cue("BOB (V.O.) (CONT'D)"), paren('beat'), dialogue('Well.'))).toEqual(["BOB (V.O.) (CONT'D)\n(beat)\nWell."]);
    expect(paragraphs(cue('R2D2'), dialogue('Beep.'))).toEqual(['R2D2\nBeep.']);
  });

  it('forces with `@` a cue that is not all capitals or that another rule would claim', () => {
    const cases: Array<[string, string]> = [
      ['McCLANE', '@McCLANE'],
      ['HANS (on the radio)', '@HANS (on the radio)'],
      ['23', '@23'],
      ['李', '@李'],
      ['INT. GUARD', '@INT. GUARD'],
      ['WELCOME TO:', '@WELCOME TO:'],
      ['WELCOME TO: (V.O.)', '@WELCOME TO: (V.O.)'],
      ['GET OUT.', '@GET OUT.'],
      ['!BOB', '@!BOB'],
      ['BOB (V.O.', '@BOB (V.O.'],
    ];
    // Breaks if the cue test only checks capitals: INT. GUARD would read as a heading in afterwriting;
    // or if it checks the transition ending on the whole line only: fountain-js refuses `WELCOME TO: (V.O.)` as a cue.
    for (const [text, expected] of cases) expect(paragraphs(cue(text), dialogue('Hi.'))[0], text).toBe(`${expected}\nHi.`);
  });

  it('puts parentheses around a parenthetical, never doubling those it has', () => {
    expect(paragraphs(cue('STEEL'), paren('starting the engine'), dialogue('So much for retirement!'))).toEqual(['STEEL\n(starting the engine)\nSo much for retirement!']);
    // Breaks if the [PG15] check is dropped: `((beat))`.
    expect(paragraphs(cue('STEEL'), paren(' (beat) '), dialogue('Go.'))).toEqual(['STEEL\n(beat)\nGo.']);
  });

  it('keeps line breaks in dialogue, an empty line as two spaces so the speech stays one', () => {
    // Breaks if the empty line is written empty: the speech would end there and the rest read as action.
    expect(paragraphs(cue('DEALER'), dialogue('Ten.\nFour.\n\nHit or stand sir?'))).toEqual(['DEALER\nTen.\nFour.\n  \nHit or stand sir?']);
  });

  it('escapes a dialogue line that would read as a lyric', () => {
    // Breaks without the escape: fountain-js reads the line as a lyric.
    expect(paragraphs(cue('WILLY'), dialogue('~Willy Wonka!'))).toEqual(['WILLY\n\\~Willy Wonka!']);
  });

  it('marks the right-hand cue of dual dialogue with `^`, only right after its left-hand speech', () => {
    const pair = paragraphs(cue('BRICK', { dualDialogue: 'left' }), dialogue('Screw retirement.'), cue('steel', { dualDialogue: 'right' }), dialogue('Screw retirement.'));
    expect(pair).toEqual(['BRICK\nScrew retirement.', '@steel ^\nScrew retirement.']);
    // Breaks if `^` goes on every right cue: here it would pair STEEL with whatever speech came before.
    const apart = paragraphs(cue('BRICK', { dualDialogue: 'left' }), dialogue('One.'), action('Beat.'), cue('STEEL', { dualDialogue: 'right' }), dialogue('Two.'));
    expect(apart).toEqual(['BRICK\nOne.', 'Beat.', 'STEEL\nTwo.']);
    expect(paragraphs(cue('STEEL', { dualDialogue: 'right' }), dialogue('Two.'))).toEqual(['STEEL\nTwo.']);
  });

  it('writes a cue with nothing spoken under it, and spoken text with no cue, as action', () => {
    // Breaks if a lone cue is written as a speech: `BOB` alone, unforced, is a shot to afterwriting.
    expect(paragraphs(cue('BOB'), dialogue('  '), action('He leaves.'))).toEqual(['!BOB', 'He leaves.']);
    expect(paragraphs(action('He waits.'), dialogue('Hello?'), paren('beat'))).toEqual(['He waits.', 'Hello?', 'beat']);
  });
});

describe('Fountain writer: transitions, centered text, shots and general text', () => {
  it('leaves a transition in capitals ending in TO: unforced and forces any other with `>`', () => {
    expect(written(transition('CUT TO:'))).toBe('CUT TO:');
    expect(written(transition('SMASH CUT TO:'))).toBe('SMASH CUT TO:');
    // Breaks if the capitals test is dropped: `Cut TO:` unforced reads as action to the spec.
    expect(written(transition('Cut TO:'))).toBe('>Cut TO:');
    expect(written(transition('cut to:'))).toBe('>cut to:');
    expect(written(transition('FADE IN:'))).toBe('>FADE IN:');
    expect(written(transition('FADE OUT.'))).toBe('>FADE OUT.');
    expect(written(transition('> CUT TO:'))).toBe('>> CUT TO:');
  });

  it('writes centered text as >text<, line by line', () => {
    expect(written(block('centered', ' THE END '))).toBe('>THE END<');
    expect(written(block('centered', 'End of Act One\n\nAct Two'))).toBe('>End of Act One<\n> <\n>Act Two<');
  });

  it('writes a shot in capitals as a line of its own, unforced, and forces it where it would read as something else', () => {
    // Breaks if the shot is forced like action: afterwriting would no longer read it as a shot.
    expect(written(block('shot', 'CLOSE ON THE LETTER'))).toBe('CLOSE ON THE LETTER');
    expect(written(block('shot', 'ANGLE ON\nTHE DOOR'))).toBe('!ANGLE ON\nTHE DOOR');
    expect(written(block('shot', 'INT. VIEW'))).toBe('!INT. VIEW');
  });

  it('writes general text as action', () => {
    expect(written(block('general', 'THE NEXT DAY'))).toBe('!THE NEXT DAY');
    expect(written(block('general', 'Some words.'))).toBe('Some words.');
  });
});

describe('Fountain writer: notes and the boneyard', () => {
  it('writes an empty line inside a note as two spaces, since an empty line ends a note', () => {
    // Regression found by the round trip property: `[[Act\n\nAct]]` was written with the empty line, and
    // read back as two paragraphs of text instead of one note.
    expect(written(block('note', 'Act\n\nAct'))).toBe('[[Act\n  \nAct]]');
    // The boneyard keeps empty lines: it ends only at `*/`.
    expect(fountainOfBlocks([block('boneyard', 'Cut\n\nscene')])).toBe('/*\nCut\n\nscene\n*/\n');
  });
});

describe('Fountain writer: the document', () => {
  it('writes === before an element with a page break, but not before the first, and moves it past an empty element', () => {
    const text = fountainOfBlocks([action('One.', { pageBreakBefore: true }), action('Two.'), action('', { pageBreakBefore: true }), action('Three.')]);
    // Breaks if the page break of the empty element is lost with it, or if `===` opens the document.
    expect(text).toBe('One.\n\nTwo.\n\n===\n\nThree.\n');
  });

  it('ends a speech at a page break inside it, as the pagination engine does', () => {
    // Breaks if the speech runs on past the break: the break is lost inside the dialogue.
    expect(paragraphs(cue('BOB'), dialogue('One.'), dialogue('Two.', { pageBreakBefore: true }))).toEqual(['BOB\nOne.', '===', 'Two.']);
  });

  it('leaves one blank line between paragraphs, none inside a speech, and ends with a newline', () => {
    const text = fountainOfBlocks([heading('INT. HOUSE - DAY'), action('Rain.'), cue('MARA'), paren('quietly'), dialogue('You said you would call.'), transition('CUT TO:')]);
    expect(text).toBe('INT. HOUSE - DAY\n\nRain.\n\nMARA\n(quietly)\nYou said you would call.\n\nCUT TO:\n');
  });

  it('leaves out empty elements', () => {
    // Breaks if text of spaces counts as text: a heading of spaces would be written as `.`.
    expect(fountainOfBlocks([action(''), heading('  '), action('Rain.'), cue('')])).toBe('Rain.\n');
  });

  it('writes a ProseMirror document of the screenplay schema, marks included', () => {
    const doc = parseProsemirrorDocument({
      type: 'doc',
      content: [
        { type: 'sceneHeading', attrs: { sceneNumber: '1', pageBreakBefore: null }, content: [{ type: 'text', text: 'INT. HOUSE - DAY' }] },
        { type: 'action', content: [{ type: 'text', text: 'She ' }, { type: 'text', text: 'runs', marks: [{ type: 'italic' }] }, { type: 'text', text: '.' }] },
      ],
    });
    expect(writeFountain(doc, { title: 'Run' })).toBe('Title: Run\n\nINT. HOUSE - DAY #1#\n\nShe *runs*.\n');
  });
});
