import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyScriptDocument } from '../convert-content-blocks.js';
import type { ProsemirrorJson } from '../parse-prosemirror-document.js';
import { compareVersions, type ComparedElement } from './compare-versions.js';

type Element = readonly [type: string, text: string];

function doc(...elements: Element[]): ProsemirrorJson {
  return {
    type: 'doc',
    content: elements.map(([type, text]) => ({ type, ...(text === '' ? {} : { content: [{ type: 'text', text }] }) })),
  };
}

/** Each element as `status type: text`, to read a comparison at a glance. */
function summary(elements: readonly ComparedElement[]): string[] {
  return elements.map((element) => `${element.status} ${element.type}: ${element.after ?? element.before}`);
}

describe('compareVersions', () => {
  const scene: Element[] = [
    ['sceneHeading', 'INT. KITCHEN - NIGHT'],
    ['action', 'The kettle whistles.'],
    ['character', 'JOHN'],
    ['dialogue', 'Tea?'],
  ];

  it('shows every element of identical versions as the same, with nothing counted', () => {
    const comparison = compareVersions(doc(...scene), doc(...scene));
    expect(comparison).toMatchObject({ added: 0, removed: 0, changed: 0 });
    expect(comparison.elements).toEqual(scene.map(([type, text]) => ({ status: 'same', type, before: text, after: text })));
  });

  // Broken on purpose: with `comparison.added++` left out, this failed.
  it('shows an element inserted in the middle as added, where it was inserted', () => {
    const after = doc(scene[0]!, scene[1]!, ['action', 'Rain hammers the window.'], scene[2]!, scene[3]!);
    const comparison = compareVersions(doc(...scene), after);
    expect(comparison).toMatchObject({ added: 1, removed: 0, changed: 0 });
    expect(comparison.elements[2]).toEqual({ status: 'added', type: 'action', after: 'Rain hammers the window.' });
    expect(comparison.elements.filter((element) => element.status === 'same')).toHaveLength(4);
  });

  // Broken on purpose: with `comparison.removed++` left out, this failed.
  it('shows a deleted element as removed, with its type and text', () => {
    const comparison = compareVersions(doc(...scene), doc(scene[0]!, scene[2]!, scene[3]!));
    expect(comparison).toMatchObject({ added: 0, removed: 1, changed: 0 });
    expect(comparison.elements[1]).toEqual({ status: 'removed', type: 'action', before: 'The kettle whistles.' });
  });

  // Broken on purpose: without the kept space folded into the replacements, "big red" -> "small blue"
  // came out as five runs around a kept ' ' and this failed.
  it('shows a reworded line as one changed element with its words as runs', () => {
    const comparison = compareVersions(
      doc(['action', 'He walks to the big red door, slowly.']),
      doc(['action', 'He runs to the small blue door, slowly!']),
    );
    expect(comparison).toMatchObject({ added: 0, removed: 0, changed: 1 });
    expect(comparison.elements).toEqual([
      {
        status: 'changed',
        type: 'action',
        before: 'He walks to the big red door, slowly.',
        after: 'He runs to the small blue door, slowly!',
        words: [
          { op: 'same', text: 'He ' },
          { op: 'removed', text: 'walks' },
          { op: 'added', text: 'runs' },
          { op: 'same', text: ' to the ' },
          { op: 'removed', text: 'big red' },
          { op: 'added', text: 'small blue' },
          { op: 'same', text: ' door, slowly' },
          { op: 'removed', text: '.' },
          { op: 'added', text: '!' },
        ],
      },
    ]);
  });

  // Broken on purpose: with RETYPED_OVERLAP raised above 1, a retyped element was shown removed and added.
  it('shows an element whose type changed as changed, naming the previous type', () => {
    const comparison = compareVersions(doc(['action', 'JOHN'], ['dialogue', 'Hi.']), doc(['character', 'JOHN'], ['dialogue', 'Hi.']));
    expect(comparison.elements[0]).toEqual({
      status: 'changed',
      type: 'character',
      previousType: 'action',
      before: 'JOHN',
      after: 'JOHN',
      words: [{ op: 'same', text: 'JOHN' }],
    });
    expect(comparison).toMatchObject({ added: 0, removed: 0, changed: 1 });
  });

  // Broken on purpose: with the removals emitted after the additions in pairReplacements, this failed.
  it('keeps an unrelated replacement as removed then added, not changed', () => {
    const comparison = compareVersions(
      doc(scene[0]!, ['action', 'The kettle whistles.'], scene[2]!),
      doc(scene[0]!, ['dialogue', 'Who is there?'], scene[2]!),
    );
    expect(summary(comparison.elements)).toEqual([
      'same sceneHeading: INT. KITCHEN - NIGHT',
      'removed action: The kettle whistles.',
      'added dialogue: Who is there?',
      'same character: JOHN',
    ]);
  });

  // The diff keeps the longer of two scenes that swapped places, so the shorter one is the one shown moved.
  it('shows a moved scene removed where it was and added where it went', () => {
    const first: Element[] = [['sceneHeading', 'INT. HALL - DAY'], ['action', 'Boots on marble.']];
    const second: Element[] = [['sceneHeading', 'EXT. GARDEN - DAY'], ['action', 'Bees over lavender.'], ['action', 'A gate clicks.']];
    const third: Element[] = [['sceneHeading', 'INT. ATTIC - NIGHT'], ['action', 'Dust in a torch beam.']];
    const comparison = compareVersions(doc(...first, ...second, ...third), doc(...second, ...first, ...third));
    expect(comparison).toMatchObject({ added: 2, removed: 2, changed: 0 });
    expect(summary(comparison.elements)).toEqual([
      'removed sceneHeading: INT. HALL - DAY',
      'removed action: Boots on marble.',
      'same sceneHeading: EXT. GARDEN - DAY',
      'same action: Bees over lavender.',
      'same action: A gate clicks.',
      'added sceneHeading: INT. HALL - DAY',
      'added action: Boots on marble.',
      'same sceneHeading: INT. ATTIC - NIGHT',
      'same action: Dust in a torch beam.',
    ]);
  });

  // Broken on purpose: without slideLoneBlocks, the first showed `+Hello. +JOHN` after the second cue and the
  // second `+Yes. +MARY` after John's line.
  it('places an inserted speech among repeated cues where the speech begins', () => {
    const john: Element = ['character', 'JOHN'];
    const mary: Element = ['character', 'MARY'];
    const inserted = compareVersions(
      doc(john, ['dialogue', 'Hi.'], john, ['dialogue', 'Bye.']),
      doc(john, ['dialogue', 'Hi.'], john, ['dialogue', 'Hello.'], john, ['dialogue', 'Bye.']),
    );
    expect(summary(inserted.elements)).toEqual([
      'same character: JOHN',
      'same dialogue: Hi.',
      'added character: JOHN',
      'added dialogue: Hello.',
      'same character: JOHN',
      'same dialogue: Bye.',
    ]);
    const answered = compareVersions(
      doc(john, ['dialogue', 'Yes.'], mary, ['dialogue', 'No.']),
      doc(john, ['dialogue', 'Yes.'], mary, ['dialogue', 'Yes.'], mary, ['dialogue', 'No.']),
    );
    expect(summary(answered.elements)).toEqual([
      'same character: JOHN',
      'same dialogue: Yes.',
      'added character: MARY',
      'added dialogue: Yes.',
      'same character: MARY',
      'same dialogue: No.',
    ]);
  });

  // Broken on purpose: without slideLoneBlocks the cut was shown as `-Line 10. -JOHN` one cue lower.
  it('aligns a cut from a run of identical cues without disturbing the rest', () => {
    const cues = Array.from({ length: 30 }, (_, i): Element[] => [['character', 'JOHN'], ['dialogue', `Line ${i}.`]]).flat();
    const cut = [...cues.slice(0, 20), ...cues.slice(22)];
    const comparison = compareVersions(doc(...cues), doc(...cut));
    expect(comparison).toMatchObject({ added: 0, removed: 2, changed: 0 });
    expect(summary(comparison.elements.filter((element) => element.status === 'removed'))).toEqual([
      'removed character: JOHN',
      'removed dialogue: Line 10.',
    ]);
  });

  // Broken on purpose: reading every node (doc.forEach) instead of content_blocks' projection, the empty
  // action showed up as an element and this failed.
  it('reads the empty script as no elements', () => {
    expect(compareVersions(emptyScriptDocument(), emptyScriptDocument())).toEqual({ elements: [], added: 0, removed: 0, changed: 0 });
    const written = compareVersions(emptyScriptDocument(), doc(['sceneHeading', 'INT. VOID']));
    expect(written).toEqual({
      elements: [{ status: 'added', type: 'sceneHeading', after: 'INT. VOID' }],
      added: 1,
      removed: 0,
      changed: 0,
    });
  });

  // Broken on purpose: with the attribute and mark checks dropped from the matched branch, the element stayed `same`;
  // with dual dialogue in the match key, it became removed + added instead of one element changed.
  it('shows an element whose text stayed but whose formatting or attributes changed as changed, saying which', () => {
    const plain: ProsemirrorJson = {
      type: 'doc',
      content: [
        { type: 'sceneHeading', attrs: { sceneNumber: '12' }, content: [{ type: 'text', text: 'INT. BARN - DAY' }] },
        { type: 'character', content: [{ type: 'text', text: 'ANNA' }] },
        { type: 'dialogue', content: [{ type: 'text', text: 'Now.' }] },
      ],
    };
    const styled: ProsemirrorJson = {
      type: 'doc',
      content: [
        { type: 'sceneHeading', attrs: { sceneNumber: '12A' }, content: [{ type: 'text', text: 'INT. BARN - DAY' }] },
        {
          type: 'character',
          attrs: { dualDialogue: 'left' },
          content: [
            { type: 'text', text: 'AN', marks: [{ type: 'bold' }] },
            { type: 'text', text: 'NA' },
          ],
        },
        { type: 'dialogue', content: [{ type: 'text', text: 'Now.', marks: [{ type: 'underline' }] }] },
      ],
    };
    expect(compareVersions(plain, styled)).toEqual({
      elements: [
        {
          status: 'changed',
          type: 'sceneHeading',
          before: 'INT. BARN - DAY',
          after: 'INT. BARN - DAY',
          words: [{ op: 'same', text: 'INT. BARN - DAY' }],
          attributes: [{ name: 'sceneNumber', before: '12', after: '12A' }],
        },
        {
          status: 'changed',
          type: 'character',
          before: 'ANNA',
          after: 'ANNA',
          words: [{ op: 'same', text: 'ANNA' }],
          attributes: [{ name: 'dualDialogue', before: null, after: 'left' }],
          formatting: true,
        },
        { status: 'changed', type: 'dialogue', before: 'Now.', after: 'Now.', words: [{ op: 'same', text: 'Now.' }], formatting: true },
      ],
      added: 0,
      removed: 0,
      changed: 3,
    });
    // Formatting and attributes kept as they were are no change.
    expect(compareVersions(styled, styled).changed).toBe(0);
  });

  it('says a rewritten element lost its scene number, without calling a change of words a change of formatting', () => {
    const before: ProsemirrorJson = { type: 'doc', content: [{ type: 'sceneHeading', attrs: { sceneNumber: '4' }, content: [{ type: 'text', text: 'EXT. PIER - DUSK', marks: [{ type: 'bold' }] }] }] };
    const after: ProsemirrorJson = { type: 'doc', content: [{ type: 'sceneHeading', content: [{ type: 'text', text: 'EXT. PIER - NIGHT' }] }] };
    const [element] = compareVersions(before, after).elements;
    expect(element).toMatchObject({ status: 'changed', attributes: [{ name: 'sceneNumber', before: '4', after: null }] });
    expect(element).not.toHaveProperty('formatting');
  });
});

describe('compareVersions on random rewrites', () => {
  const types = ['action', 'character', 'dialogue'] as const;
  // Few texts, so that equal elements repeat as cues and stock lines do.
  const texts = ['JOHN', 'MARY', 'Yes.', 'He waits.', 'The door opens slowly.', 'She turns the key slowly.'];
  const element = fc.tuple(fc.constantFrom(...types), fc.constantFrom(...texts));
  const edit = fc.record({
    kind: fc.constantFrom('insert', 'delete', 'retype', 'reword'),
    at: fc.nat(),
    element,
  });

  function rewrite(elements: readonly Element[], edits: ReadonlyArray<{ kind: string; at: number; element: Element }>): Element[] {
    const out = [...elements];
    for (const { kind, at, element: [type, text] } of edits) {
      const index = at % (out.length + 1);
      if (kind === 'insert') out.splice(index, 0, [type, text]);
      else if (index < out.length && kind === 'delete') out.splice(index, 1);
      else if (index < out.length && kind === 'retype') out[index] = [type, out[index]![1]];
      else if (index < out.length) out[index] = [out[index]![0], `${out[index]![1]} ${text}`];
    }
    return out;
  }

  // Broken on purpose: with `before: after.text` in changedElement, the rebuilt old version differed.
  it('rebuilds both versions exactly from the comparison', () => {
    fc.assert(
      fc.property(fc.array(element, { minLength: 1, maxLength: 25 }), fc.array(edit, { maxLength: 12 }), (before, edits) => {
        const after = rewrite(before, edits);
        fc.pre(after.length > 0);
        const comparison = compareVersions(doc(...before), doc(...after));
        const old: Element[] = [];
        const next: Element[] = [];
        for (const compared of comparison.elements) {
          if (compared.status !== 'added') old.push([compared.previousType ?? compared.type, compared.before!]);
          if (compared.status !== 'removed') next.push([compared.type, compared.after!]);
          if (compared.status === 'changed') {
            const words = compared.words!;
            expect(words.filter((run) => run.op !== 'added').map((run) => run.text).join('')).toBe(compared.before);
            expect(words.filter((run) => run.op !== 'removed').map((run) => run.text).join('')).toBe(compared.after);
            words.slice(1).forEach((run, i) => expect(run.op).not.toBe(words[i]!.op));
          }
        }
        expect(old).toEqual(before);
        expect(next).toEqual(after);
        const count = (status: ComparedElement['status']) => comparison.elements.filter((compared) => compared.status === status).length;
        expect(comparison).toMatchObject({ added: count('added'), removed: count('removed'), changed: count('changed') });
      }),
      { numRuns: 400 },
    );
  });
});
