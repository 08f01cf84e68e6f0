import { describe, expect, it } from 'vitest';
import type { ProsemirrorNodeJson } from '../parse-prosemirror-document.js';
import { parseFountain } from './parse-fountain.js';

/**
 * The elements of Fountain 1.1 (fountain.io/syntax), one describe per
 * section of the spec, each test named after the rule it checks. Markup
 * inside text (emphasis, notes, the boneyard) and the title page are in
 * parse-fountain-markup.test.ts; what the parser refuses and reports in
 * parse-fountain-input.test.ts.
 */

/** An element as `[type, text]`, with its attributes that are set when it has any. */
type Read = [string, string] | [string, string, Record<string, unknown>];

function simplified(node: ProsemirrorNodeJson): Read {
  const text = (node.content ?? []).map((run) => run.text).join('');
  const attrs = Object.fromEntries(Object.entries(node.attrs ?? {}).filter(([, value]) => value !== null));
  return Object.keys(attrs).length > 0 ? [node.type, text, attrs] : [node.type, text];
}

const read = (fountain: string): Read[] => parseFountain(fountain).document.content.map(simplified);
const types = (fountain: string): string[] => read(fountain).map(([type]) => type);
const notices = (fountain: string) => parseFountain(fountain).report.notices;

describe('[Fountain: Scene Heading]', () => {
  it('[Fountain: Scene Heading] a line beginning with INT, EXT, EST, INT./EXT, INT/EXT or I/E, with a blank line after it, is a scene heading', () => {
    for (const heading of ['INT. HOUSE - DAY', 'EXT. BRICK’S POOL - DAY', 'EST. CITY - NIGHT', 'INT./EXT. CAR - DAY', 'INT/EXT CAR - DAY', 'I/E CAR - DAY', 'int house - day']) {
      expect(types(`Rain.\n\n${heading}\n\nShe runs.`), heading).toEqual(['action', 'sceneHeading', 'action']);
    }
  });

  it('[Fountain: Scene Heading] the prefix needs a dot or a space after it: INTERIOR is not one', () => {
    expect(types('INTERIOR DESIGN\n\nRain.')).toEqual(['action', 'action']);
  });

  it('[Fountain: Scene Heading] without a blank line after it, a heading line is not a heading (nor a cue)', () => {
    // Breaks if the heading rule ignores the line after, or if the cue rule takes a heading-like line.
    expect(read('INT. HOUSE - DAY\nShe enters.')).toEqual([['action', 'INT. HOUSE - DAY\nShe enters.']]);
  });

  it('[Fountain: Scene Heading] a forced heading starts with a dot, which is not kept', () => {
    expect(read('.SNIPER SCOPE POV\n\nWaiting.')).toEqual([['sceneHeading', 'SNIPER SCOPE POV'], ['action', 'Waiting.']]);
  });

  it('[Fountain: Scene Heading] "..." is not a forced heading: a line starting with two dots is action', () => {
    // Breaks if the forced heading only checks the first character.
    expect(read('...and then\n\nRain.')).toEqual([['action', '...and then'], ['action', 'Rain.']]);
  });

  it('[Fountain: Scene Heading] scene numbers #…# at the end go into sceneNumber', () => {
    expect(read('INT. HOUSE - DAY #1#')).toEqual([['sceneHeading', 'INT. HOUSE - DAY', { sceneNumber: '1' }]]);
    for (const number of ['1', '1A', '1a', 'A1', 'I-1-A', '1.', '110A']) {
      expect(read(`EXT. POOL - DAY #${number}#`)[0]).toEqual(['sceneHeading', 'EXT. POOL - DAY', { sceneNumber: number }]);
    }
    expect(read('.FLASHBACK #12A#')).toEqual([['sceneHeading', 'FLASHBACK', { sceneNumber: '12A' }]]);
  });

  it('[Fountain: Scene Heading] a #…# the spec cannot hold as a number (a space, nothing) stays in the heading', () => {
    expect(read('INT. HOUSE #1 2#')).toEqual([['sceneHeading', 'INT. HOUSE #1 2#']]);
    expect(read('INT. HOUSE ##')).toEqual([['sceneHeading', 'INT. HOUSE ##']]);
  });

  it('[Fountain: Scene Heading] a forced heading in lower case is stored in capitals, with a notice', () => {
    const script = parseFountain('.inside the car');
    expect(script.document.content.map(simplified)).toEqual([['sceneHeading', 'INSIDE THE CAR']]);
    expect(script.report.notices).toEqual([{ message: 'scene heading text is stored in capitals, as WritersRoom prints it', count: 1, line: 1 }]);
  });
});

describe('[Fountain: Action]', () => {
  it('[Fountain: Action] any paragraph that is not another element is action: plain prose is a valid script', () => {
    expect(read('It was a dark and stormy night.\nThe rain fell.\n\nAnd then it stopped.')).toEqual([
      ['action', 'It was a dark and stormy night.\nThe rain fell.'],
      ['action', 'And then it stopped.'],
    ]);
  });

  it('[Fountain: Action] a line in capitals followed by a blank line is action, not a cue', () => {
    // Breaks if the cue rule does not ask for a line after the name.
    expect(read('Rain.\n\nBOOM\n\nSilence.')).toEqual([['action', 'Rain.'], ['action', 'BOOM'], ['action', 'Silence.']]);
  });

  it('[Fountain: Action] `!` forces action, and is not kept', () => {
    expect(read('!SCANNING THE AISLES...\nWhere is that pit boss?')).toEqual([['action', 'SCANNING THE AISLES...\nWhere is that pit boss?']]);
    expect(read('!INT. is painted on the tent')).toEqual([['action', 'INT. is painted on the tent']]);
    expect(read('!CUT TO:')).toEqual([['action', 'CUT TO:']]);
    expect(read('!!bang')).toEqual([['action', '!bang']]);
  });

  it('[Fountain: Action] a forced line inside action loses its `!`, before or after its indent', () => {
    expect(read('Nobody moves.\n    !#42 on the door\n!~not a lyric')).toEqual([['action', 'Nobody moves.\n    #42 on the door\n~not a lyric']]);
  });
});

describe('[Fountain: Character]', () => {
  it('[Fountain: Character] a line in capitals with a line of text right after it is a cue', () => {
    expect(read('STEEL\nThe man’s a myth!')).toEqual([['character', 'STEEL'], ['dialogue', 'The man’s a myth!']]);
  });

  it('[Fountain: Character] a name needs at least one letter: R2D2 is a cue, 23 is not', () => {
    expect(types('R2D2\nBeep.')).toEqual(['character', 'dialogue']);
    expect(read('23\nSkidoo.')).toEqual([['action', '23\nSkidoo.']]);
  });

  it('[Fountain: Character] extensions in parentheses stay in the cue, in any case', () => {
    expect(read('MOM (O.S.)\nLuke!')).toEqual([['character', 'MOM (O.S.)'], ['dialogue', 'Luke!']]);
    expect(read("HANS (V.O.) (CONT'D)\nGo.")[0]).toEqual(['character', "HANS (V.O.) (CONT'D)"]);
    // The spec allows a lower-case extension; WritersRoom stores cues in capitals, with a notice.
    const script = parseFountain('HANS (on the radio)\nWhat was it you said?');
    expect(script.document.content.map(simplified)[0]).toEqual(['character', 'HANS (ON THE RADIO)']);
    expect(script.report.notices).toEqual([{ message: 'character cue text is stored in capitals, as WritersRoom prints it', count: 1, line: 1 }]);
  });

  it('[Fountain: Character] a name with lower case is no cue unless forced with `@`', () => {
    expect(types('McCLANE\nYippie ki-yay!')).toEqual(['action']);
    const script = parseFountain('@McCLANE\nYippie ki-yay! I got my lower-case C back!');
    expect(script.document.content.map(simplified)).toEqual([['character', 'MCCLANE'], ['dialogue', 'Yippie ki-yay! I got my lower-case C back!']]);
  });

  it('[Fountain: Character] a cue forced with `@` and nothing under it is still a cue', () => {
    expect(read('@BOB\n\nHe leaves.')).toEqual([['character', 'BOB'], ['action', 'He leaves.']]);
  });

  it('[Fountain: Character] a cue needs a non-blank line right after it', () => {
    // Breaks if a line of spaces counts as the speech.
    expect(types('BOB\n  \nHello.')).toEqual(['action']);
  });

  it('[Fountain: Character] a line another rule claims is no cue: a transition or a heading followed by text is action', () => {
    expect(types('CUT TO:\nThe desert.')).toEqual(['action']);
    expect(types('@CUT TO:\nThe desert.')).toEqual(['character', 'dialogue']);
  });
});

describe('[Fountain: Dialogue]', () => {
  it('[Fountain: Dialogue] the lines after a cue are its dialogue, line breaks kept', () => {
    expect(read('DEALER\nTen.\nFour.\nDealer gets a seven.')).toEqual([['character', 'DEALER'], ['dialogue', 'Ten.\nFour.\nDealer gets a seven.']]);
  });

  it('[Fountain: Dialogue] a line of two spaces keeps a blank line inside the dialogue', () => {
    // Breaks if the two-space line ends the speech: "Hit or stand sir?" would be action.
    expect(read('DEALER\nTen.\n  \nHit or stand sir?\n\nMONKEY\nDude, I\'m a monkey.')).toEqual([
      ['character', 'DEALER'],
      ['dialogue', 'Ten.\n\nHit or stand sir?'],
      ['character', 'MONKEY'],
      ['dialogue', "Dude, I'm a monkey."],
    ]);
  });

  it('[Fountain: Dialogue] a blank line ends the speech', () => {
    expect(types('BOB\nHi.\n\nHe leaves.')).toEqual(['character', 'dialogue', 'action']);
  });

  it('[Fountain: Dialogue] markup characters inside dialogue are text: dialogue cannot be forced', () => {
    expect(read('BOB\n#1 fan!\n!Wow.\n=Equal')).toEqual([['character', 'BOB'], ['dialogue', '#1 fan!\n!Wow.\n=Equal']]);
  });
});

describe('[Fountain: Parenthetical]', () => {
  it('[Fountain: Parenthetical] a line wholly in parentheses under a cue is a parenthetical, stored without them as the writer writes them back', () => {
    expect(read('STEEL\n(starting the engine)\nSo much for retirement!')).toEqual([
      ['character', 'STEEL'],
      ['parenthetical', 'starting the engine'],
      ['dialogue', 'So much for retirement!'],
    ]);
  });

  it('[Fountain: Parenthetical] parentheticals may come between lines of dialogue, each its own element', () => {
    expect(types('BOB\nOne.\n(beat)\nTwo.\n(beat)\n(smiles)')).toEqual(['character', 'dialogue', 'parenthetical', 'dialogue', 'parenthetical', 'parenthetical']);
  });

  it('[Fountain: Parenthetical] outside a speech, a line in parentheses is action', () => {
    expect(read('(beat)')).toEqual([['action', '(beat)']]);
  });
});

describe('[Fountain: Dual Dialogue]', () => {
  it('[Fountain: Dual Dialogue] a cue ending in ^ is the right side; the speech just before it the left', () => {
    expect(read('BRICK\nScrew retirement.\n\nSTEEL ^\n(together)\nScrew retirement.')).toEqual([
      ['character', 'BRICK', { dualDialogue: 'left' }],
      ['dialogue', 'Screw retirement.', { dualDialogue: 'left' }],
      ['character', 'STEEL', { dualDialogue: 'right' }],
      ['parenthetical', 'together', { dualDialogue: 'right' }],
      ['dialogue', 'Screw retirement.', { dualDialogue: 'right' }],
    ]);
    expect(read('BRICK\nOne.\n\n@steel^\nTwo.')[2]).toEqual(['character', 'STEEL', { dualDialogue: 'right' }]);
  });

  it('[Fountain: Dual Dialogue] a ^ with no speech right before it is an ordinary speech, with a notice', () => {
    // Breaks if the pair is made across the action in between.
    const script = parseFountain('BRICK\nOne.\n\nBeat.\n\nSTEEL ^\nTwo.');
    expect(script.document.content.map(simplified)).toEqual([['character', 'BRICK'], ['dialogue', 'One.'], ['action', 'Beat.'], ['character', 'STEEL'], ['dialogue', 'Two.']]);
    expect(script.report.notices).toEqual([{ message: 'a cue marked ^ (dual dialogue) with no speech right before it is read as an ordinary speech', count: 1, line: 6 }]);
  });

  it('[Fountain: Dual Dialogue] a third speech marked ^ pairs with nothing: a pair is two speeches', () => {
    const read3 = read('A\nOne.\n\nB ^\nTwo.\n\nC ^\nThree.');
    expect(read3.map((element) => element[2])).toEqual([{ dualDialogue: 'left' }, { dualDialogue: 'left' }, { dualDialogue: 'right' }, { dualDialogue: 'right' }, undefined, undefined]);
  });
});

describe('[Fountain: Lyrics]', () => {
  it('[Fountain: Lyrics] a line starting with ~ is a lyric; lines in a row are one element', () => {
    expect(read('~Willy Wonka! Willy Wonka!\n~The amazing chocolatier!')).toEqual([['lyrics', 'Willy Wonka! Willy Wonka!\nThe amazing chocolatier!']]);
  });

  it('[Fountain: Lyrics] lyrics under a cue are part of the speech', () => {
    expect(read('WILLY\n~Come with me\nHe smiles.')).toEqual([['character', 'WILLY'], ['lyrics', 'Come with me'], ['dialogue', 'He smiles.']]);
  });

  it('[Fountain: Lyrics] an escaped \\~ in dialogue is text', () => {
    expect(read('WILLY\n\\~Willy Wonka!')).toEqual([['character', 'WILLY'], ['dialogue', '~Willy Wonka!']]);
  });
});

describe('[Fountain: Transition]', () => {
  it('[Fountain: Transition] a line in capitals ending in TO:, with blank lines around it, is a transition', () => {
    expect(read('Rain.\n\nCUT TO:\n\nINT. HOUSE - DAY')).toEqual([['action', 'Rain.'], ['transition', 'CUT TO:'], ['sceneHeading', 'INT. HOUSE - DAY']]);
    expect(types('SMASH CUT TO:')).toEqual(['transition']);
  });

  it('[Fountain: Transition] not in capitals, or not ending in TO:, it is action', () => {
    expect(types('Cut to:')).toEqual(['action']);
    expect(types('FADE OUT.')).toEqual(['action']);
  });

  it('[Fountain: Transition] `>` forces a transition, and is not kept', () => {
    expect(read('> Burn to White.')).toEqual([['transition', 'BURN TO WHITE.']]);
    expect(read('>FADE OUT.')).toEqual([['transition', 'FADE OUT.']]);
  });
});

describe('[Fountain: Centered Text]', () => {
  it('[Fountain: Centered Text] text between > and < is centered, the spaces inside trimmed', () => {
    expect(read('>THE END<')).toEqual([['centered', 'THE END']]);
    expect(read('> THE END <')).toEqual([['centered', 'THE END']]);
  });

  it('[Fountain: Centered Text] centered lines in a row are one element, `> <` an empty line in it', () => {
    expect(read('>End of Act One<\n> <\n>Act Two<')).toEqual([['centered', 'End of Act One\n\nAct Two']]);
  });
});

describe('[Fountain: Page Breaks]', () => {
  it('[Fountain: Page Breaks] a line of three or more = is a page break: pageBreakBefore on the next printed element', () => {
    expect(read('One.\n\n===\n\nTwo.')).toEqual([['action', 'One.'], ['action', 'Two.', { pageBreakBefore: true }]]);
    expect(read('One.\n\n==========\n\nINT. HOUSE - DAY')[1]).toEqual(['sceneHeading', 'INT. HOUSE - DAY', { pageBreakBefore: true }]);
  });

  it('[Fountain: Page Breaks] the break passes over the outline and notes, which do not print, to the next printed element', () => {
    // Breaks if the break goes on the section, which has no pageBreakBefore.
    expect(read('One.\n\n===\n\n# Act Two\n\n[[note]]\n\nBOB\nHi.')).toEqual([
      ['action', 'One.'],
      ['section', 'Act Two', { depth: 1 }],
      ['note', 'note'],
      ['character', 'BOB', { pageBreakBefore: true }],
      ['dialogue', 'Hi.'],
    ]);
  });

  it('[Fountain: Page Breaks] a break with nothing printed after it is reported, as are two breaks in a row', () => {
    expect(notices('One.\n\n===\n\n===\n\nTwo.\n\n===')).toEqual([
      { message: 'page breaks with nothing printed between them are kept as one', count: 1, line: 5 },
      { message: 'a page break with nothing printed after it is not kept', count: 1, line: 9 },
    ]);
  });

  it('[Fountain: Page Breaks] == is not a page break (it is a synopsis)', () => {
    expect(types('==')).toEqual(['synopsis']);
  });
});

describe('[Fountain: Line Breaks]', () => {
  it('[Fountain: Line Breaks] every line break inside an element is kept', () => {
    expect(read('One.\nTwo.\n\nBOB\nThree.\nFour.')).toEqual([['action', 'One.\nTwo.'], ['character', 'BOB'], ['dialogue', 'Three.\nFour.']]);
  });

  it('[Fountain: Line Breaks] two spaces on a line keep an empty line inside action too', () => {
    expect(read('One.\n  \nTwo.')).toEqual([['action', 'One.\n\nTwo.']]);
  });

  it('[Fountain: Line Breaks] extra empty lines between elements are reported: WritersRoom spaces elements itself', () => {
    const script = parseFountain('One.\n\n\n\nTwo.');
    expect(script.document.content.map(simplified)).toEqual([['action', 'One.'], ['action', 'Two.']]);
    expect(script.report.notices).toEqual([{ message: 'extra empty lines between elements are not kept: WritersRoom spaces elements by their type', count: 2, line: 3 }]);
  });
});

describe('[Fountain: Indenting]', () => {
  it('[Fountain: Indenting] tabs and spaces at the start of action lines are kept', () => {
    expect(read('He walks.\n\tTabbed.\n    Four spaces.')).toEqual([['action', 'He walks.\n\tTabbed.\n    Four spaces.']]);
  });

  it('[Fountain: Indenting] indenting before other elements is ignored', () => {
    expect(read('\t\tBOB\n\t\tHello.\n\n   CUT TO:')).toEqual([['character', 'BOB'], ['dialogue', 'Hello.'], ['transition', 'CUT TO:']]);
  });
});

describe('[Fountain: Sections and Synopses]', () => {
  it('[Fountain: Sections and Synopses] # to ###### are sections of depth 1 to 6', () => {
    expect(read('# Act\n\n## Sequence\n\n### Scene\n\n###### Deepest')).toEqual([
      ['section', 'Act', { depth: 1 }],
      ['section', 'Sequence', { depth: 2 }],
      ['section', 'Scene', { depth: 3 }],
      ['section', 'Deepest', { depth: 6 }],
    ]);
  });

  it('[Fountain: Sections and Synopses] a section deeper than six is kept at six, with a notice', () => {
    const script = parseFountain('####### Too deep');
    expect(script.document.content.map(simplified)).toEqual([['section', 'Too deep', { depth: 6 }]]);
    expect(script.report.notices).toEqual([{ message: 'sections deeper than 6 (#) are kept at depth 6', count: 1, line: 1 }]);
  });

  it('[Fountain: Sections and Synopses] a line starting with = is a synopsis; lines in a row are one', () => {
    expect(read('# ACT I\n\n= Set up the characters and the story.\n= And the stakes.\n\nEXT. BRICK’S PATIO - DAY')).toEqual([
      ['section', 'ACT I', { depth: 1 }],
      ['synopsis', 'Set up the characters and the story.\nAnd the stakes.'],
      ['sceneHeading', 'EXT. BRICK’S PATIO - DAY'],
    ]);
  });

  it('[Fountain: Sections and Synopses] a line starting with = inside a paragraph of action is a synopsis of its own', () => {
    expect(types('Rain.\n= the rain falls')).toEqual(['action', 'synopsis']);
  });
});
