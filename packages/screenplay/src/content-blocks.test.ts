import { describe, expect, it } from 'vitest';
import { ContentFormatError, parseContentBlocks } from './index.js';

function errorOf(value: unknown): ContentFormatError {
  try {
    parseContentBlocks(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ContentFormatError);
    return error as ContentFormatError;
  }
  throw new Error('expected parseContentBlocks to throw');
}

describe('parseContentBlocks', () => {
  it('accepts every block type of the plan, plus shot, and keeps the blocks as given', () => {
    const blocks = [
      { type: 'scene_heading', text: 'INT. OFFICE - DAY', metadata: { sceneNumber: '12A' } },
      { type: 'action', text: 'John enters the room.' },
      { type: 'character', text: 'JOHN', metadata: { dualDialogue: 'left' } },
      { type: 'parenthetical', text: '(smiling)', metadata: { dualDialogue: 'left' } },
      { type: 'dialogue', text: 'Hello, everyone.', metadata: { dualDialogue: 'left' } },
      { type: 'transition', text: 'CUT TO:' },
      { type: 'centered', text: 'THE END' },
      { type: 'shot', text: 'CLOSE ON JOHN' },
      { type: 'general', text: '' },
    ];
    expect(parseContentBlocks(blocks)).toEqual(blocks);
  });

  it('leaves out null metadata values and empty metadata, which carry nothing', () => {
    expect(
      parseContentBlocks([
        { type: 'scene_heading', text: 'EXT. PARK', metadata: { sceneNumber: null } },
        { type: 'action', text: 'x', metadata: {} },
        { type: 'dialogue', text: 'y', metadata: null },
      ]),
    ).toEqual([
      { type: 'scene_heading', text: 'EXT. PARK' },
      { type: 'action', text: 'x' },
      { type: 'dialogue', text: 'y' },
    ]);
  });

  it('refuses a value that is not an array', () => {
    expect(errorOf({ blocks: [] }).message).toBe('content_blocks must be an array, got object');
    expect(errorOf('[]').message).toBe('content_blocks must be an array, got string');
  });

  it('names the index of an unknown block type instead of mapping it to something else', () => {
    const error = errorOf([{ type: 'action', text: 'a' }, { type: 'paragraph', text: 'b' }]);
    expect(error.message).toBe("unknown block type 'paragraph' at [1].type");
    expect(error.path).toBe('[1].type');
    expect(errorOf([{ type: 'foo', text: '' }]).message).toContain("unknown block type 'foo' at [0]");
    expect(errorOf([{ text: 'no type' }]).message).toBe('unknown block type undefined at [0].type');
  });

  it('refuses text that is missing, not a string, or holding a character that cannot be stored', () => {
    expect(errorOf([{ type: 'action' }]).message).toBe('text must be a string, got undefined at [0].text');
    expect(errorOf([{ type: 'action', text: 42 }]).message).toBe('text must be a string, got number at [0].text');
    expect(errorOf([{ type: 'action', text: 'a\uD800b' }]).message).toBe(
      'unstorable character U+D800 (lone high surrogate) in text (index 1) at [0].text',
    );
    // Breakage: with isWellFormedText (surrogates only) back in parseContentBlock, NUL and ESC were accepted.
    expect(errorOf([{ type: 'action', text: 'ok' }, { type: 'action', text: 'NUL\u0000' }]).message).toBe(
      'unstorable character U+0000 (NUL) in text (index 3) at [1].text',
    );
    expect(errorOf([{ type: 'action', text: '\u001b[31mred' }]).path).toBe('[0].text');
    expect(parseContentBlocks([{ type: 'action', text: 'tab\there\nand a new line' }])).toEqual([
      { type: 'action', text: 'tab\there\nand a new line' },
    ]);
  });

  it('refuses a metadata value holding a character that cannot be stored', () => {
    expect(errorOf([{ type: 'scene_heading', text: 'INT. HALL', metadata: { sceneNumber: '1\u0000' } }]).message).toBe(
      'unstorable character U+0000 (NUL) in value (index 1) at [0].metadata.sceneNumber',
    );
  });

  it('refuses blocks that are not objects and keys it does not know', () => {
    expect(errorOf([null]).message).toBe('block must be an object, got null at [0]');
    expect(errorOf([['action', 'x']]).message).toBe('block must be an object, got array at [0]');
    expect(errorOf([{ type: 'action', text: '', id: 7 }]).message).toBe("unknown key 'id' in block at [0]");
  });

  it('refuses metadata keys the block type does not carry, and bad metadata values', () => {
    expect(errorOf([{ type: 'action', text: '', metadata: { sceneNumber: '1' } }]).message).toBe(
      "unknown metadata key 'sceneNumber' (action carries pageBreakBefore) at [0].metadata",
    );
    expect(errorOf([{ type: 'dialogue', text: '', metadata: { color: 'red' } }]).message).toBe(
      "unknown metadata key 'color' (dialogue carries dualDialogue, pageBreakBefore) at [0].metadata",
    );
    expect(errorOf([{ type: 'character', text: '', metadata: { dualDialogue: 'middle' } }]).message).toBe(
      `attribute dualDialogue must be 'left', 'right' or null, got "middle" at [0].metadata.dualDialogue`,
    );
    expect(errorOf([{ type: 'scene_heading', text: '', metadata: { sceneNumber: 12 } }]).message).toBe(
      'attribute sceneNumber must be a string or null, got 12 at [0].metadata.sceneNumber',
    );
    expect(errorOf([{ type: 'scene_heading', text: '', metadata: 'x' }]).message).toBe(
      'metadata must be an object, got string at [0].metadata',
    );
  });
});
