import { describe, expect, it } from 'vitest';
import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { parseFountain } from './parse-fountain.js';
import { readEmphasis } from './read-fountain-emphasis.js';

/** Markup inside text (emphasis, escapes, notes, the boneyard) and the title page, per section of Fountain 1.1. */

const text = (value: string, ...marks: string[]): ProsemirrorNodeJson => (marks.length > 0 ? { type: 'text', text: value, marks: marks.map((type) => ({ type })) } : { type: 'text', text: value });
/** The text runs of the first element. */
const runs = (fountain: string) => parseFountain(fountain).document.content[0]!.content;
const elements = (fountain: string) => parseFountain(fountain).document.content.map((node) => [node.type, (node.content ?? []).map((run) => run.text).join('')]);

describe('[Fountain: Emphasis]', () => {
  it('[Fountain: Emphasis] *italic*, **bold**, ***bold italic*** and _underline_', () => {
    expect(runs('a *b* c')).toEqual([text('a '), text('b', 'italic'), text(' c')]);
    expect(runs('a **b** c')).toEqual([text('a '), text('b', 'bold'), text(' c')]);
    expect(runs('a ***b*** c')).toEqual([text('a '), text('b', 'bold', 'italic'), text(' c')]);
    expect(runs('a _b_ c')).toEqual([text('a '), text('b', 'underline'), text(' c')]);
  });

  it('[Fountain: Emphasis] combinations nest, underline outside or inside the asterisks', () => {
    expect(runs('_**b**_ *_i_* _***all***_')).toEqual([
      text('b', 'bold', 'underline'),
      text(' '),
      text('i', 'italic', 'underline'),
      text(' '),
      text('all', 'bold', 'italic', 'underline'),
    ]);
    expect(runs('From what seems like only **INCHES AWAY.  _Steel’s face FILLS the *Leupold Mark 4* scope_.**')).toEqual([
      text('From what seems like only '),
      text('INCHES AWAY.  ', 'bold'),
      text('Steel’s face FILLS the ', 'bold', 'underline'),
      text('Leupold Mark 4', 'bold', 'italic', 'underline'),
      text(' scope', 'bold', 'underline'),
      text('.', 'bold'),
    ]);
  });

  it('[Fountain: Emphasis] a run of asterisks closes what is open and opens the rest (marks side by side)', () => {
    // Breaks if a run is only an opener or only a closer: `*a****b****c*` is what the writer makes of italic, bold italic, italic.
    expect(readEmphasis('*a****b****c*').spans).toEqual([
      { from: 0, to: 1, mark: 'italic' },
      { from: 1, to: 2, mark: 'bold' },
      { from: 1, to: 2, mark: 'italic' },
      { from: 2, to: 3, mark: 'italic' },
    ]);
    // One italic closing where another opens changes no mark: one text node (ProseMirror joins them).
    expect(runs('*a**b*')).toEqual([text('ab', 'italic')]);
    expect(runs('***bold italic* just bold**')).toEqual([text('bold italic', 'bold', 'italic'), text(' just bold', 'bold')]);
  });

  it('[Fountain: Emphasis] markers next to a space are text: emphasis neither opens before nor closes after a space', () => {
    expect(runs('He dialed *69 and then 527*.')).toEqual([text('He dialed '), text('69 and then 527', 'italic'), text('.')]);
    expect(runs('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
  });

  it('[Fountain: Emphasis] underscores inside a word are text, as in Markdown', () => {
    expect(runs('top_secret_file and _this_')).toEqual([text('top_secret_file and '), text('this', 'underline')]);
  });

  it('[Fountain: Emphasis] emphasis does not cross a line break', () => {
    expect(runs('*one\ntwo*')).toEqual([text('*one\ntwo*')]);
  });

  it('[Fountain: Emphasis] unmatched markers print as they are', () => {
    expect(runs('a **b* c')).toEqual([text('a *'), text('b', 'italic'), text(' c')]);
    expect(runs('**')).toEqual([text('**')]);
  });

  it('[Fountain: Emphasis] emphasis in headings, cues and dialogue is kept', () => {
    const content = parseFountain('**INT. HOUSE** - DAY\n\n_BOB_\nI *said* no.').document.content;
    expect(content.map((node) => node.content)).toEqual([
      [text('INT. HOUSE', 'bold'), text(' - DAY')],
      [text('BOB', 'underline')],
      [text('I '), text('said', 'italic'), text(' no.')],
    ]);
  });
});

describe('[Fountain: Punctuation]', () => {
  it('[Fountain: Punctuation] a backslash escapes * and _, which then print as they are', () => {
    expect(runs('Steel enters the code on the keypad: **\\*9765\\***')).toEqual([text('Steel enters the code on the keypad: '), text('*9765*', 'bold')]);
    expect(runs('file\\_name \\_not\\_')).toEqual([text('file_name _not_')]);
  });

  it('[Fountain: Punctuation] a backslash escapes any ASCII punctuation, and before anything else is a backslash', () => {
    expect(runs('\\\\ \\. C:\\dir')).toEqual([text('\\ . C:\\dir')]);
  });

  it('[Fountain: Punctuation] an escaped marker character at the start of a line is text, not markup', () => {
    expect(elements('\\# not a section\n\n\\= not a synopsis')).toEqual([
      ['action', '# not a section'],
      ['action', '= not a synopsis'],
    ]);
  });
});

describe('[Fountain: Notes]', () => {
  it('[Fountain: Notes] a note on its own line is a note element, in its place', () => {
    expect(elements('Rain.\n\n[[Is it raining?]]\n\nBOB\nHi.')).toEqual([['action', 'Rain.'], ['note', 'Is it raining?'], ['character', 'BOB'], ['dialogue', 'Hi.']]);
  });

  it('[Fountain: Notes] a note may span lines; two spaces keep an empty line in it', () => {
    expect(elements('[[A note\n  \nover lines]]')).toEqual([['note', 'A note\n\nover lines']]);
  });

  it('[Fountain: Notes] a note closes at the last ]] of a run, so it may end in ]', () => {
    // Breaks if the first ]] closes it: the writer writes a note "see [1]" as `[[see [1]]]`.
    expect(elements('[[see [1]]]')).toEqual([['note', 'see [1]']]);
  });

  it('[Fountain: Notes] an empty line ends what was no note: [[ with no ]] before it is text', () => {
    // Breaks if a stray [[ swallows the script up to the next ]].
    expect(elements('Rain [[ falls.\n\nMore.]]')).toEqual([['action', 'Rain [[ falls.'], ['action', 'More.]]']]);
  });

  it('[Fountain: Notes] a note inside a line of text is taken out and kept after its paragraph, with a notice', () => {
    const script = parseFountain('His hand is on the door. [[Or the window?]] He waits.\n\nBOB\nHi [[louder]] there.');
    expect(script.document.content.map((node) => [node.type, (node.content ?? []).map((run) => run.text).join('')])).toEqual([
      ['action', 'His hand is on the door.  He waits.'],
      ['note', 'Or the window?'],
      ['character', 'BOB'],
      ['dialogue', 'Hi  there.'],
      ['note', 'louder'],
    ]);
    expect(script.report.notices).toEqual([{ message: 'notes ([[…]]) inside a line of text are taken out of it and kept after its paragraph', count: 2, line: 1 }]);
  });

  it('[Fountain: Notes] a note inside dialogue keeps the speech together around it', () => {
    expect(elements('BOB\nOne.\n[[a note]]\nTwo.')).toEqual([['character', 'BOB'], ['dialogue', 'One.'], ['note', 'a note'], ['dialogue', 'Two.']]);
  });
});

describe('[Fountain: Boneyard]', () => {
  it('[Fountain: Boneyard] text between /* and */ is a boneyard element, over any number of lines, empty ones too', () => {
    expect(elements('Rain.\n\n/*\nINT. GARAGE - DAY\n\nBRICK\nThe car!\n*/\n\nSun.')).toEqual([
      ['action', 'Rain.'],
      ['boneyard', 'INT. GARAGE - DAY\n\nBRICK\nThe car!'],
      ['action', 'Sun.'],
    ]);
  });

  it('[Fountain: Boneyard] a boneyard inside a line is taken out and kept after its paragraph, with a notice', () => {
    const script = parseFountain('He runs /* slowly */ home.');
    expect(script.document.content.map((node) => [node.type, (node.content ?? []).map((run) => run.text).join('')])).toEqual([['action', 'He runs  home.'], ['boneyard', 'slowly']]);
    expect(script.report.notices[0]).toEqual({ message: 'boneyard (/* … */) inside a line of text are taken out of it and kept after its paragraph', count: 1, line: 1 });
  });

  it('[Fountain: Boneyard] /* with no */ is text, not the rest of the script hidden', () => {
    expect(elements('and/*or\n\nMore.')).toEqual([['action', 'and/*or'], ['action', 'More.']]);
  });

  it('[Fountain: Boneyard] [[ inside the boneyard is no note, and /* inside a note no boneyard', () => {
    expect(elements('/* a [[b */\n\n[[c /* d]]')).toEqual([['boneyard', 'a [[b'], ['note', 'c /* d']]);
  });
});

describe('[Fountain: Title Page]', () => {
  const SPEC_TITLE_PAGE = [
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
    'Copyright: (c) 2012',
    'Notes: First draft',
    '',
    'EXT. BRICK’S PATIO - DAY',
  ].join('\n');

  it('[Fountain: Title Page] the spec’s keys fill the title page, values on indented lines joined by line breaks', () => {
    const script = parseFountain(SPEC_TITLE_PAGE);
    expect(script.titlePage).toEqual({
      title: 'BRICK & STEEL\nFULL RETIREMENT',
      credit: 'Written by',
      authors: 'Stu Maschwitz',
      source: 'Story by KTM',
      draftDate: '1/20/2012',
      contact: 'Next Level Productions\n1588 Mission Dr.\nSolvang, CA 93463',
      copyright: '(c) 2012',
      notes: 'First draft',
    });
    expect(script.report.titlePageFields).toBe(8);
    expect(script.document.content.map((node) => node.type)).toEqual(['sceneHeading']);
  });

  it('[Fountain: Title Page] emphasis is dropped from the plain-text fields, with a notice', () => {
    expect(parseFountain(SPEC_TITLE_PAGE).report.notices).toEqual([{ message: 'bold, italic and underline on the title page are not kept: its fields are plain text', count: 2, line: 1 }]);
  });

  it('[Fountain: Title Page] keys are read in any case; Author and Authors are one field, a key given twice adds its lines', () => {
    expect(parseFountain('TITLE: Night\nauthors:\n\tAda\nAuthor: Charles\n\nRain.').titlePage).toEqual({ title: 'Night', authors: 'Ada\nCharles' });
  });

  it('[Fountain: Title Page] a key WritersRoom has no field for is kept in the notes and reported, not lost', () => {
    const script = parseFountain('Title: Night\nRevision: Blue\n    pages 1-3\nNotes: Read me\n\nRain.');
    expect(script.titlePage).toEqual({ title: 'Night', notes: 'Revision: Blue\npages 1-3\nRead me' });
    expect(script.report.notices).toEqual([{ message: 'the title page key "Revision" has no field in WritersRoom: it is kept in the notes', count: 1, line: 2 }]);
  });

  it('[Fountain: Title Page] the title page ends at the first blank line', () => {
    expect(elements('Title: Night\n\nAuthor: is not on the title page')).toEqual([['action', 'Author: is not on the title page']]);
  });

  it('[Fountain: Title Page] only a key of the spec opens a title page: a first line with another colon is the script', () => {
    // Breaks if any `Key:` opens a title page: FADE IN: and the action line would vanish into the notes.
    const script = parseFountain('FADE IN:\n\nINT. HOUSE - DAY');
    expect(script.titlePage).toEqual({});
    expect(script.document.content.map((node) => node.type)).toEqual(['action', 'sceneHeading']);
    expect(elements('The phone rings: once, twice.')).toEqual([['action', 'The phone rings: once, twice.']]);
  });

  it('[Fountain: Title Page] a title page with no script after it gives an empty script, still a valid document', () => {
    const script = parseFountain('Title: Only a title\n');
    expect(script.titlePage).toEqual({ title: 'Only a title' });
    expect(script.document).toEqual({ type: 'doc', content: [{ type: 'action', attrs: { pageBreakBefore: null } }] });
    expect(script.report.elements).toEqual({ action: 1 });
  });

  it('[Fountain: Title Page] a field longer than the title page holds is cut, with a notice', () => {
    const script = parseFountain(`Title: ${'x'.repeat(2100)}\n\nRain.`);
    expect(script.titlePage.title).toHaveLength(2000);
    expect(script.report.notices.map((notice) => notice.message)).toEqual(['a title page field longer than 2000 characters was cut to that length']);
  });
});
