import { describe, expect, it } from 'vitest';
import { ScriptFormatError } from '../formats/imported-script.js';
import { parseProsemirrorDocument } from '../parse-prosemirror-document.js';
import { parseFountain } from './parse-fountain.js';

/** What the parser takes as a Fountain file, refuses, and reports. */

const refusal = (text: string): ScriptFormatError => {
  try {
    parseFountain(text);
  } catch (error) {
    if (error instanceof ScriptFormatError) return error;
    throw error;
  }
  throw new Error('not refused');
};

const elements = (fountain: string) => parseFountain(fountain).document.content.map((node) => [node.type, (node.content ?? []).map((run) => run.text).join('')]);

describe('Fountain input: what is refused', () => {
  it('refuses text with no content at all, in plain words', () => {
    for (const text of ['', '\uFEFF', '   \n\t\n\r\n']) {
      const error = refusal(text);
      expect(error.format).toBe('fountain');
      expect(error.message).toBe('This is not a Fountain file: it holds no text at all');
    }
  });

  it('refuses binary data: a NUL, named with its line', () => {
    const error = refusal('INT. HOUSE\n\nRain\u0000.');
    expect(error.message).toBe('This is not a Fountain file: it holds NUL characters, as binary files do, and Fountain is plain text (line 3)');
    expect(error.line).toBe(3);
  });

  it('refuses text full of control characters, as binary files are', () => {
    // An image's header with its NULs made SOH (a NUL alone is refused already).
    const png = `\u0089PNG\r\n\u001a\n${'\u0001\u0001\u0001\rIHDR\u0001\u0001\u0002\u0003\u0004\u0005'.repeat(4)}`;
    // Breaks if the share is measured wrongly: the image would pass as text with stray characters, and become action.
    expect(refusal(png).message).toBe('This is not a Fountain file: it is full of control characters, as binary files are, and Fountain is plain text');
  });
});

describe('Fountain input: what is read', () => {
  it('reads CRLF and CR line endings as line breaks, and drops a byte order mark', () => {
    const expected = [['sceneHeading', 'INT. HOUSE - DAY'], ['character', 'BOB'], ['dialogue', 'Hi.\nThere.']];
    expect(elements('\uFEFFINT. HOUSE - DAY\r\n\r\nBOB\r\nHi.\r\nThere.\r\n')).toEqual(expected);
    expect(elements('INT. HOUSE - DAY\r\rBOB\rHi.\rThere.')).toEqual(expected);
  });

  it('reads a few stray control characters in a short text as text', () => {
    expect(elements('\u0001\u0002 Rain.')).toEqual([['action', ' Rain.']]);
  });

  it('strips characters a script cannot store, with a notice naming them and where the first was', () => {
    const script = parseFountain('Rain.\n\nA bell\u0007 rings\u0007.\nAnd\u001b again.');
    expect(elements('Rain.\n\nA bell\u0007 rings\u0007.\nAnd\u001b again.')).toEqual([['action', 'Rain.'], ['action', 'A bell rings.\nAnd again.']]);
    expect(script.report.notices).toEqual([
      { message: 'removed U+0007 (BEL), a character a script cannot hold', count: 1, line: 3 },
      { message: 'removed U+001B (ESC), a character a script cannot hold', count: 1, line: 4 },
    ]);
  });

  it('reports the format, the elements made and the title page fields filled', () => {
    const { report } = parseFountain('Title: Night\nAuthor: Ada\n\nINT. HOUSE - DAY\n\nBOB\nHi.\n\nBOB\nBye.');
    expect(report).toEqual({ format: 'fountain', elements: { sceneHeading: 1, character: 2, dialogue: 2 }, titlePageFields: 2, notices: [] });
  });

  it('gives a document valid against the screenplay schema, every attribute present as Node.toJSON writes it', () => {
    const { document } = parseFountain('# Act\n\nINT. HOUSE - DAY #1#\n\n= Synopsis\n\n[[note]]\n\n/* cut */\n\nBOB\n(beat)\n*Hi.*\n~la\n\n===\n\n>THE END<');
    expect(parseProsemirrorDocument(document).toJSON()).toEqual(document);
    expect(document.content[1]).toEqual({ type: 'sceneHeading', attrs: { sceneNumber: '1', pageBreakBefore: null }, content: [{ type: 'text', text: 'INT. HOUSE - DAY' }] });
  });

  it('gives the empty script, one empty action, for a file with nothing but markup that holds no text', () => {
    const script = parseFountain('===\n\n#\n\n[[ ]]');
    expect(script.document).toEqual({ type: 'doc', content: [{ type: 'action', attrs: { pageBreakBefore: null } }] });
  });
});

describe('Fountain input: hostile text stays fast (linear, no backtracking)', () => {
  const MEBIBYTES_2 = 2 * 1024 * 1024;
  const quickly = (text: string) => {
    const start = performance.now();
    parseFountain(text);
    return performance.now() - start;
  };

  // Each takes tens of milliseconds; the bound is loose so that a busy machine does not fail it, and still
  // far below what a quadratic reading takes (an hour and more on 2 MiB).
  it('reads a 2 MiB line, and 2 MiB runs of *, _, spaces, # and [[ in well under seconds each', () => {
    // Breaks (takes minutes) with a pattern like /\s*#(\w+)#\s*$/ for scene numbers, or an unanchored
    // one for cue extensions; or a stack overflow when a million runs are spread into push().
    const lines = {
      letters: 'a'.repeat(MEBIBYTES_2),
      asterisks: `a ${'*'.repeat(MEBIBYTES_2)} b`,
      underscores: `a ${'_'.repeat(MEBIBYTES_2)} b`,
      spacesThenHash: `INT. HOUSE${' '.repeat(MEBIBYTES_2)}x#`,
      openers: '*a _b '.repeat(MEBIBYTES_2 / 6),
      notes: '[['.repeat(MEBIBYTES_2 / 2),
      cue: `BOB ${'('.repeat(MEBIBYTES_2)}\nHi.`,
    };
    for (const [name, line] of Object.entries(lines)) expect(quickly(line), name).toBeLessThan(3000);
  });

  it('keeps a million marked runs on one line without overflowing the stack', () => {
    const { document } = parseFountain('*a*b'.repeat(250_000));
    expect(document.content[0]!.content).toHaveLength(500_000);
  });
});
