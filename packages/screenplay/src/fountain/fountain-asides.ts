/** A note (`[[…]]`) or text set aside (`/* … *\/`): kept with the script, never printed. */
export interface Aside {
  type: 'note' | 'boneyard';
  text: string;
  /** The line it starts on. */
  line: number;
}

/** A line of the script with its notes and boneyard taken out; those are kept in `asides`. */
export interface TextLine {
  type: 'text';
  text: string;
  line: number;
  asides: Aside[];
}

/** What the script's lines read as once asides are found: lines of text, and asides that stand on lines of their own. */
export type SourceItem = TextLine | Aside;

const CLOSER: Readonly<Record<Aside['type'], string>> = { note: ']]', boneyard: '*/' };

/**
 * Finds the notes and the boneyard in the script's lines (`firstLine` is
 * the number of the first). Both may span lines; a note ends at an empty
 * line (the spec's rule: two spaces keep one going), so a stray `[[` does
 * not swallow the script, and at the last `]]` of a run of `]`. An opener with no closer is text. An aside on
 * lines of its own (only blanks beside it) becomes an item in its place;
 * one inside a line's text is taken out of it and kept with the line, the
 * text before and after it joined.
 *
 * Linear: each search for an opener, a closer or an empty line resumes
 * where the last one of its kind found something.
 */
export function readAsides(lines: readonly string[], firstLine: number): SourceItem[] {
  const text = lines.join('\n');
  const next = { '[[': new NextIndex(text, '[['), '/*': new NextIndex(text, '/*'), ']]': new NextIndex(text, ']]'), '*/': new NextIndex(text, '*/'), empty: new NextIndex(text, '\n\n') };
  const items: SourceItem[] = [];
  let line = firstLine;
  let current: TextLine = { type: 'text', text: '', line, asides: [] };
  const endLine = () => {
    // Pushed one by one: a line may hold more asides than a call takes arguments.
    if (current.asides.length > 0 && current.text.trim() === '') for (const aside of current.asides) items.push(aside);
    else items.push(current);
  };
  const addText = (segment: string) => {
    const pieces = segment.split('\n');
    current.text += pieces[0]!;
    for (const piece of pieces.slice(1)) {
      endLine();
      line += 1;
      current = { type: 'text', text: piece, line, asides: [] };
    }
  };
  let position = 0;
  for (let from = 0; ; ) {
    const note = next['[['].at(from);
    const boneyard = next['/*'].at(from);
    if (note === -1 && boneyard === -1) break;
    const type: Aside['type'] = boneyard === -1 || (note !== -1 && note < boneyard) ? 'note' : 'boneyard';
    const opener = type === 'note' ? note : boneyard;
    let closer = next[CLOSER[type] as ']]' | '*/'].at(opener + 2);
    // `]]]` closes with its last two: a note may end in `]`.
    while (type === 'note' && closer !== -1 && text[closer + 2] === ']') closer++;
    const empty = type === 'note' ? next.empty.at(opener + 2) : -1;
    if (closer === -1 || (empty !== -1 && empty < closer)) {
      from = opener + 2;
      continue;
    }
    addText(text.slice(position, opener));
    const inner = text.slice(opener + 2, closer);
    const aside = asideOf(type, inner, line);
    if (aside.text !== '') current.asides.push(aside);
    line += lineBreaks(inner);
    position = from = closer + 2;
  }
  addText(text.slice(position));
  endLine();
  return items;
}

function asideOf(type: Aside['type'], inner: string, line: number): Aside {
  const trimmed = inner.trim();
  // A note's empty line is written as two spaces (the writer does so), which only join its lines.
  const text = type === 'note' ? trimmed.replace(/^[ \t]+$/gm, '') : trimmed;
  return { type, text, line };
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** `text.indexOf(needle, from)`, remembered while calls ask from no further than what it found. */
class NextIndex {
  private asked = -1;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly needle: string,
  ) {}

  at(from: number): number {
    const stillValid = this.asked !== -1 && from >= this.asked && (this.found === -1 || from <= this.found);
    if (!stillValid) {
      this.asked = from;
      this.found = this.text.indexOf(this.needle, from);
    }
    return this.found;
  }
}
