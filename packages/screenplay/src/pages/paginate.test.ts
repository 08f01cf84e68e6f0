import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElementType } from '../element-types.js';
import type { LayoutBlock } from './layout-block.js';
import { PAGE_NUMBER_ROW, PAPERS } from './page-geometry.js';
import { paginate, Paginator, type Page, type PagedLine } from './paginate.js';
import { scenesOf } from './scenes.js';

const block = (type: ElementType, text: string, extra: Partial<LayoutBlock> = {}): LayoutBlock => ({ type, text, styles: [], ...extra });
const heading = (text: string, extra: Partial<LayoutBlock> = {}) => block('sceneHeading', text, extra);
const action = (text: string, extra: Partial<LayoutBlock> = {}) => block('action', text, extra);
const cue = (text: string, extra: Partial<LayoutBlock> = {}) => block('character', text, extra);
const dialogue = (text: string, extra: Partial<LayoutBlock> = {}) => block('dialogue', text, extra);
const paren = (text: string, extra: Partial<LayoutBlock> = {}) => block('parenthetical', text, extra);

/** One-row actions: `rows` body rows of filler, blank rows included (each action takes 2 rows but the first). */
function filler(rows: number): LayoutBlock[] {
  const count = Math.ceil((rows + 1) / 2);
  return Array.from({ length: count }, (_, i) => action(`Filler ${i}.`));
}

/** `n` sentences of dialogue, each 34 characters: exactly one row each in the 35-wide column, so every row ends a sentence. */
const sentences = (n: number) => Array.from({ length: n }, (_, i) => `Line ${i % 10} goes on and on for a while.`).join(' ');

const body = (page: Page) => page.lines.filter((line) => line.row >= 0);
const texts = (page: Page) => body(page).map((line) => line.text);
const lastBodyLine = (page: Page) => body(page).reduce<PagedLine | undefined>((last, line) => (last === undefined || line.row >= last.row ? line : last), undefined);

/**
 * The same pages, compared as text first: on a mismatch only the first page
 * that differs is diffed. A diff of two whole scripts' pages takes minutes,
 * and a property test that shrinks a failure would diff hundreds of them.
 */
function expectSamePages(actual: readonly Page[], expected: readonly Page[]): void {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  const at = expected.findIndex((page, index) => JSON.stringify(page) !== JSON.stringify(actual[index]));
  const index = at === -1 ? expected.length : at;
  expect({ pages: actual.length, [`page ${index + 1}`]: actual[index] }).toEqual({ pages: expected.length, [`page ${index + 1}`]: expected[index] });
}

describe('pagination: the page', () => {
  it('[PG1] fills 55 body rows on Letter and 59 on A4', () => {
    const script = Array.from({ length: 200 }, (_, i) => action(`Beat ${i}.`));
    const letter = paginate(script);
    const a4 = paginate(script, { paper: 'a4' });
    // One-row actions with a blank row between: 28 fit on 55 rows, 30 on 59.
    expect(body(letter.pages[0]!).length).toBe(28);
    expect(body(a4.pages[0]!).length).toBe(30);
    expect(Math.max(...body(letter.pages[0]!).map((line) => line.row))).toBe(PAPERS.letter.bodyRows - 1);
    expect(a4.pages.length).toBeLessThan(letter.pages.length);
  });

  it('[PG3] puts each element in its column: action at 1.5 in, cue at 3.7 in, dialogue at 2.5 in, parenthetical at 3.1 in, transition ending at 7.5 in', () => {
    const [page] = paginate([heading('INT. KITCHEN - NIGHT'), action('Rain.'), cue('MARA'), paren('quietly'), dialogue('You said you would call.'), block('transition', 'CUT TO:')]).pages;
    const column = (text: string) => body(page!).find((line) => line.text === text)?.column;
    expect(column('INT. KITCHEN - NIGHT')).toBe(15);
    expect(column('Rain.')).toBe(15);
    expect(column('MARA')).toBe(37);
    expect(column('(quietly)')).toBe(31);
    expect(column('You said you would call.')).toBe(25);
    expect(column('CUT TO:')).toBe(75 - 'CUT TO:'.length);
  });

  it('[PG4] sets one blank row before headings, action, cues and transitions, none under a cue, none at the top of a page', () => {
    const [page] = paginate([heading('INT. A - DAY'), action('One.'), cue('ANN'), paren('beat'), dialogue('Hi.'), action('Two.'), block('transition', 'CUT TO:')]).pages;
    expect(body(page!).map((line) => [line.row, line.text])).toEqual([
      [0, 'INT. A - DAY'],
      [2, 'One.'],
      [4, 'ANN'],
      [5, '(beat)'],
      [6, 'Hi.'],
      [8, 'Two.'],
      [10, 'CUT TO:'],
    ]);
  });

  it('[PG7] numbers pages from 2 on, top right, with a period', () => {
    const { pages } = paginate(filler(120));
    expect(pages[0]!.lines.some((line) => line.kind === 'page-number')).toBe(false);
    const number = pages[1]!.lines.find((line) => line.kind === 'page-number');
    expect(number).toMatchObject({ text: '2.', row: PAGE_NUMBER_ROW, column: 73 });
  });
});

describe('pagination: breaking', () => {
  it('[PG8] a scene heading never ends a page: it moves to the next with what follows', () => {
    // 53 rows used: the heading would take row 54 (after a blank row) with nothing under it.
    const { pages } = paginate([...filler(53), heading('INT. HALL - DAY'), action('A door opens.')]);
    expect(lastBodyLine(pages[0]!)?.element).toBe('action');
    expect(texts(pages[1]!).slice(0, 2)).toEqual(['INT. HALL - DAY', 'A door opens.']);
  });

  it('[PG8] a character cue never ends a page, nor does a parenthetical', () => {
    const cueLast = paginate([...filler(52), cue('MARA'), dialogue('Two lines of dialogue that wrap onto a second row here.')]);
    expect(lastBodyLine(cueLast.pages[0]!)?.element).toBe('action');
    expect(texts(cueLast.pages[1]!)[0]).toBe('MARA');

    const parenLast = paginate([...filler(50), cue('MARA'), dialogue('Short.'), paren('beat'), dialogue(sentences(3))]);
    const end = lastBodyLine(parenLast.pages[0]!);
    expect(end?.element === 'parenthetical').toBe(false);
  });

  it("[PG9] splits dialogue at a sentence end, with (MORE) under it and the cue with (CONT'D) on the next page", () => {
    const { pages } = paginate([...filler(44), cue('MARA'), dialogue(sentences(12))]);
    const first = body(pages[0]!);
    const more = first.find((line) => line.kind === 'more');
    expect(more).toMatchObject({ text: '(MORE)', column: 37 });
    const spokenBefore = first.filter((line) => line.element === 'dialogue');
    expect(spokenBefore.at(-1)!.text).toMatch(/\.$/);
    expect(spokenBefore.length).toBeGreaterThanOrEqual(2);
    const next = body(pages[1]!);
    expect(next[0]).toMatchObject({ kind: 'contd', text: "MARA (CONT'D)", column: 37 });
    expect(next.filter((line) => line.element === 'dialogue').length).toBeGreaterThanOrEqual(2);
    // The page's text begins inside the dialogue, where its first row starts: the editor puts the break there.
    // Fails if the repeated cue counts as the page's start (the break would be drawn above the cue, a page early).
    expect(pages[1]!.start).toEqual({ block: next[1]!.block, offset: next[1]!.from });
    expect(next[1]!.from).toBeGreaterThan(0);
  });

  it('[PG9] leaves at least two rows of dialogue on each side, else moves the whole speech', () => {
    // Room for the cue and one row of dialogue and (MORE): not enough, the speech moves whole.
    const tight = paginate([...filler(51), cue('MARA'), dialogue(sentences(6))]);
    expect(body(tight.pages[0]!).some((line) => line.element === 'character' || line.kind === 'more')).toBe(false);
    expect(texts(tight.pages[1]!)[0]).toBe('MARA');
    // Two rows would fit before the break, but only one would remain after it: moves whole too.
    const short = paginate([...filler(48), cue('MARA'), dialogue(sentences(3))]);
    expect(body(short.pages[0]!).some((line) => line.kind === 'more')).toBe(false);
  });

  it("[PG9] a cue that already says (CONT'D) is repeated as it is", () => {
    const { pages } = paginate([...filler(44), cue("MARA (CONT'D)"), dialogue(sentences(12))]);
    expect(body(pages[1]!)[0]?.text).toBe("MARA (CONT'D)");
  });

  it('[PG10] splits action at a sentence end with at least two rows on each side, else moves it whole', () => {
    // Eight sentences of exactly 60 characters: one row each, every row ending a sentence but where noted.
    const long = Array.from({ length: 8 }, (_, i) => `Sentence ${i} of the long paragraph runs on and on and on here.`).join(' ');
    const blocks = [...filler(48), action(long)];
    const split = paginate(blocks);
    const ofLong = (page: Page) => body(page).filter((line) => line.block === blocks.length - 1);
    expect(ofLong(split.pages[0]!).length).toBe(5);
    expect(ofLong(split.pages[0]!).at(-1)!.text).toMatch(/here\.$/);
    expect(ofLong(split.pages[1]!).length).toBe(3);

    const noSentence = 'word '.repeat(80).trim();
    const whole = paginate([...filler(50), action(noSentence)]);
    expect(body(whole.pages[0]!).some((line) => line.text.startsWith('word'))).toBe(false);
    expect(body(whole.pages[1]!)[0]?.text.startsWith('word')).toBe(true);
    // Sentences, but the first page would keep only one row of them: moves whole.
    const oneRow = paginate([...filler(52), action(long)]);
    expect(body(oneRow.pages[0]!).some((line) => line.text.startsWith('Sentence'))).toBe(false);
  });

  it('[PG11] a forced page break begins a new page, unless the element already begins one', () => {
    const { pages } = paginate([action('First.'), action('Second.', { pageBreakBefore: true }), action('Third.')]);
    expect(texts(pages[0]!)).toEqual(['First.']);
    expect(texts(pages[1]!)).toEqual(['Second.', 'Third.']);
    expect(paginate([action('Alone.', { pageBreakBefore: true })]).pages).toHaveLength(1);
  });

  it('cuts a speech taller than a whole page where the page ends, and still marks it (MORE)', () => {
    const { pages } = paginate([cue('MARA'), dialogue('word '.repeat(600).trim())]);
    expect(pages.length).toBeGreaterThan(1);
    expect(body(pages[0]!).some((line) => line.kind === 'more')).toBe(true);
    expect(body(pages[1]!)[0]?.kind).toBe('contd');
  });
});

describe('pagination: continuations, numbers, two columns', () => {
  it("[PG12] adds (CONT'D) when the same character speaks again after only action in the same scene", () => {
    const { pages } = paginate([
      heading('INT. A - DAY'),
      cue('MARA'),
      dialogue('One.'),
      action('She turns.'),
      cue('MARA (V.O.)'),
      dialogue('Two.'),
      heading('INT. B - DAY'),
      cue('MARA'),
      dialogue('Three.'),
      cue('BEN'),
      dialogue('Four.'),
      block('transition', 'CUT TO:'),
      cue('BEN'),
      dialogue('Five.'),
    ]);
    const cues = body(pages[0]!).filter((line) => line.element === 'character').map((line) => line.text);
    expect(cues).toEqual(['MARA', "MARA (V.O.) (CONT'D)", 'MARA', 'BEN', 'BEN']);
    const off = paginate([cue('MARA'), dialogue('One.'), action('Beat.'), cue('MARA'), dialogue('Two.')], { autoContd: false });
    expect(body(off.pages[0]!).filter((line) => line.element === 'character').map((line) => line.text)).toEqual(['MARA', 'MARA']);
  });

  it('[PG13] prints a heading’s scene number in both margins of its first row', () => {
    const [page] = paginate([heading('INT. KITCHEN - NIGHT', { sceneNumber: '12A' })]).pages;
    const numbers = page!.lines.filter((line) => line.kind === 'scene-number');
    expect(numbers.map((line) => [line.text, line.column, line.row])).toEqual([
      ['12A', 9, 0],
      ['12A', 78, 0],
    ]);
  });

  it('[PG14] lays dual dialogue side by side, as tall as its longer side, never split', () => {
    const [page] = paginate([
      cue('MARA', { dualDialogue: 'left' }),
      dialogue('I was never here, and you know it.', { dualDialogue: 'left' }),
      cue('BEN', { dualDialogue: 'right' }),
      dialogue('Neither was I.', { dualDialogue: 'right' }),
      action('Silence.'),
    ]).pages;
    const rows = body(page!);
    const mara = rows.find((line) => line.text === 'MARA')!;
    const ben = rows.find((line) => line.text === 'BEN')!;
    expect(mara.row).toBe(ben.row);
    expect(mara.column).toBeLessThan(45);
    expect(ben.column).toBeGreaterThanOrEqual(45);
    const leftDialogue = rows.filter((line) => line.element === 'dialogue' && line.column < 45);
    expect(leftDialogue.length).toBe(2);
    expect(rows.find((line) => line.text === 'Silence.')!.row).toBe(mara.row + 1 + leftDialogue.length + 1);

    const late = paginate([...filler(50), cue('A', { dualDialogue: 'left' }), dialogue(sentences(4), { dualDialogue: 'left' }), cue('B', { dualDialogue: 'right' }), dialogue('Yes.', { dualDialogue: 'right' })]);
    expect(body(late.pages[0]!).some((line) => line.element === 'character')).toBe(false);
  });

  it('[PG15] prints a parenthetical in parentheses, never doubled', () => {
    const [page] = paginate([cue('MARA'), paren('beat'), dialogue('Go.'), paren('(quietly)'), dialogue('Now.')]).pages;
    expect(body(page!).filter((line) => line.element === 'parenthetical').map((line) => line.text)).toEqual(['(beat)', '(quietly)']);
  });

  it('[PG16] measures each scene in eighths of a page, at least one, and notes the page of its heading', () => {
    const blocks = [heading('INT. A - DAY'), ...filler(53), heading('INT. B - DAY'), action('Short.')];
    const scenes = scenesOf(paginate(blocks), blocks);
    expect(scenes.map((scene) => [scene.heading, scene.page, scene.eighths])).toEqual([
      ['INT. A - DAY', 1, 8],
      ['INT. B - DAY', 2, 1],
    ]);
  });
});

describe('pagination: what does not print', () => {
  it('[PG17] lays the page out as if sections, synopses, notes and the boneyard were not there', () => {
    const script = [heading('INT. A - DAY'), action('One.'), cue('MARA'), dialogue(sentences(2)), dialogue('Two.'), action('After.')];
    const annotated = [
      block('section', 'ACT ONE', { depth: 1 }),
      heading('INT. A - DAY'),
      block('synopsis', 'Mara decides.'),
      action('One.'),
      cue('MARA'),
      dialogue(sentences(2)),
      block('note', 'Too long?'),
      dialogue('Two.'),
      block('boneyard', 'CUT:\nAn old scene.'),
      action('After.'),
    ];
    const text = (blocks: LayoutBlock[]) => paginate(blocks).pages.map((page) => page.lines.map((line) => [line.row, line.column, line.kind, line.text]));
    // Fails if a non-printing element is laid out (flowUnits without its skip), or ends the speech it sits in.
    expect(text(annotated)).toEqual(text(script));
    expect(scenesOf(paginate(annotated), annotated).map((scene) => scene.heading)).toEqual(['INT. A - DAY']);
    // Across a page: the speech with a note inside splits with (MORE) and (CONT'D) exactly as without it.
    const long = [...filler(44), cue('MARA'), dialogue(sentences(6)), dialogue(sentences(6))];
    const noted = [...filler(44), cue('MARA'), dialogue(sentences(6)), block('note', 'Cut here?'), dialogue(sentences(6))];
    expect(text(noted)).toEqual(text(long));
  });

  it('[PG17] lays out again an element inserted before a script that opens with one that does not print', () => {
    // Found by the incremental property: with no unit for the opening section, re-layout began after the new element.
    const blocks = [block('section', 'ACT ONE', { depth: 1 }), ...filler(60)];
    const paginator = new Paginator();
    paginator.update(blocks);
    const edited = [action('Cold open.'), ...blocks];
    // Fails if re-layout starts at the first old unit's block rather than at the change when the change comes first.
    expectSamePages(paginator.update(edited).pages, paginate(edited).pages);
  });

  it('[PG18] prints lyrics as dialogue: in the speech, in its column', () => {
    const [page] = paginate([cue('MARA'), dialogue('Listen.'), block('lyrics', 'Row, row, row your boat'), action('She stops.')]).pages;
    expect(body(page!).map((line) => [line.row, line.column, line.text])).toEqual([
      [0, 37, 'MARA'],
      [1, 25, 'Listen.'],
      [2, 25, 'Row, row, row your boat'],
      [4, 15, 'She stops.'],
    ]);
  });
});

describe('incremental pagination', () => {
  const elements: ElementType[] = ['action', 'sceneHeading', 'character', 'dialogue', 'parenthetical', 'transition', 'lyrics', 'note', 'section'];
  const blockArb = fc
    .record({
      type: fc.constantFrom(...elements),
      text: fc.oneof(fc.constant(''), fc.lorem({ maxCount: 40 }), fc.lorem({ maxCount: 6, mode: 'sentences' })),
    })
    .map(({ type, text }) => block(type, text));
  const editArb = fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: blockArb }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), with: blockArb }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  );

  it('lays out again the speech a dialogue is added under, even when the edit begins after it', () => {
    const blocks = [...filler(46), cue('MARA'), dialogue(sentences(2)), action('After.'), ...filler(100)];
    const paginator = new Paginator();
    paginator.update(blocks);
    const grown = [...blocks.slice(0, 26), dialogue(sentences(8)), ...blocks.slice(26)];
    expectSamePages(paginator.update(grown).pages, paginate(grown).pages);
    expect(body(paginator.update(grown).pages[0]!).some((line) => line.kind === 'more')).toBe(true);
  });

  it('[PG8] lays out again a page whose run of keep-with-next elements reaches the change, however many pages back it starts', () => {
    // Found by the property below (seed 498212373): three orphan parentheticals, a cue and a heading, each kept with what
    // follows, are pushed off page 1 together; deleting the heading lets them fit there. The change is two pages on.
    const blocks = [
      action("Ullamcorper."),
      paren("Pellentesque erat curabitur. Cras nunc lorem sed ipsum fermentum. Purus cras mauris, pede. Iaculis, magna augue fermentum. Nulla."),
      paren("Tempus varius aliquam sed, eros amet leo integer. Non amet, curabitur vitae justo fusce elit eu. Consectetur sed, ut aliquam, varius, felis ipsum risus orci adipiscing suscipit. Purus suscipit primis fermentum posuere, congue."),
      paren("Felis vitae convallis. Sit magna pharetra tincidunt convallis elit. Tortor."),
      cue("vitae"),
      heading("Ultrices ipsum varius et. Augue libero feugiat, quam magna erat faucibus ligula elementum eu consequat amet. Ligula odio justo fusce varius mauris nibh non maecenas suscipit enim. Adipiscing mi faucibus vestibulum ut cubilia pellentesque ipsum felis. Integer rutrum at massa, mauris erat morbi a, aliquam, erat leo. Nec, in enim ultricies nunc."),
      cue("vestibulum molestie placerat integer"),
      cue("in congue nec nibh proin consectetuer tempor consequat varius"),
      dialogue("vivamus"),
      paren("vitae"),
      paren("Aliquam nulla amet. Congue felis nulla scelerisque ultricies elementum adipiscing faucibus cubilia. Tincidunt tempor tincidunt curabitur. Augue hendrerit adipiscing adipiscing gravida ipsum vulputate augue."),
      dialogue("Praesent pellentesque dolor curabitur pharetra velit diam lectus."),
      ...filler(300),
    ];
    const paginator = new Paginator();
    paginator.update(blocks);
    const edited = [...blocks.slice(0, 5), ...blocks.slice(6)];
    // Fails if re-layout starts from the page before the change's, not from where the run before it begins.
    expectSamePages(paginator.update(edited).pages, paginate(edited).pages);
    expect(body(paginate(edited).pages[0]!).length).toBeGreaterThan(1);
  });

  it('gives after every edit exactly the pages a layout from scratch gives', () => {
    fc.assert(
      fc.property(fc.array(blockArb, { minLength: 150, maxLength: 400 }), fc.array(editArb, { minLength: 1, maxLength: 25 }), (initial, edits) => {
        const paginator = new Paginator();
        let blocks = initial;
        paginator.update(blocks);
        for (const edit of edits) {
          const at = edit.at % Math.max(1, blocks.length);
          blocks = blocks.slice();
          if (edit.kind === 'replace') blocks[at] = edit.with;
          else if (edit.kind === 'insert') blocks.splice(at, 0, edit.with);
          else if (blocks.length > 1) blocks.splice(at, 1);
          expectSamePages(paginator.update(blocks).pages, paginate(blocks).pages);
        }
      }),
      { numRuns: 40 },
    );
  });
});
