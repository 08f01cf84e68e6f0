import type { ElementType } from '@writersroom/screenplay';
import type { ClassifiedLine } from './pdf-line-classes.js';
import type { PdfNotices } from './pdf-notices.js';

/** One screenplay element read from the PDF, before it becomes ProseMirror JSON. */
export interface ReadElement {
  type: ElementType;
  text: string;
  sceneNumber?: string;
  page: number;
}

/** Elements whose wrapped lines continue them when nothing separates the lines; a cue and a transition are one line each. */
const WRAPPING: ReadonlySet<ElementType> = new Set<ElementType>(['sceneHeading', 'action', 'dialogue', 'parenthetical', 'centered', 'shot']);
/** The cue a printer repeats where a speech goes on after a page break: the name with `(CONT'D)` or `(CONTINUING)`. */
const CONTINUED_CUE = /\s*\((?:CONT['’]?D|CONTINUING|CONTINUED)\)\s*$/i;

/**
 * The script's elements from its lines in reading order: wrapped lines
 * joined into one element, and a speech that a page break split (`(MORE)`
 * at the bottom, the cue again with `(CONT'D)` at the top) made whole
 * again. A `(CONT'D)` that is not at such a break is the writer's and stays.
 */
export function elementsOf(lines: readonly ClassifiedLine[], notices: PdfNotices): ReadElement[] {
  const elements: ReadElement[] = [];
  let speaker: string | undefined;
  /** The speaker whose speech a `(MORE)` said goes on, until the next page shows where. */
  let continuing: string | undefined;
  /** The next line goes on with the element before the page break. */
  let resumes = false;
  for (const line of lines) {
    if (line.kind === 'more') {
      notices.add('(MORE) at the foot of a page was left out', line.page);
      continuing = speaker;
      continue;
    }
    if (continuing !== undefined && line.firstOnPage) {
      resumes = true;
      if (line.kind === 'character' && CONTINUED_CUE.test(line.text) && cueName(line.text) === continuing) {
        notices.add("the cue repeated with (CONT'D) after a page break was left out, and its speech joined to the page before", line.page);
        continuing = undefined;
        continue;
      }
    }
    continuing = undefined;
    const current = elements[elements.length - 1];
    const type: ElementType = line.kind;
    if (current && current.type === type && WRAPPING.has(type) && (!line.gapBefore || resumes) && continues(current)) {
      current.text = joinWrapped(current.text, line.text);
    } else {
      elements.push({ type, text: line.text, page: line.page, ...(line.sceneNumber ? { sceneNumber: line.sceneNumber } : {}) });
      if (type === 'character') speaker = cueName(line.text);
      else if (type !== 'dialogue' && type !== 'parenthetical') speaker = undefined;
    }
    resumes = false;
  }
  return elements.map((element) => (element.type === 'parenthetical' ? { ...element, text: withoutParentheses(element.text) } : element));
}

/** Whether the element takes another line: a parenthetical ends with its closing parenthesis. */
function continues(element: ReadElement): boolean {
  return element.type !== 'parenthetical' || !element.text.trimEnd().endsWith(')');
}

/**
 * Two wrapped lines as one text: a space where the wrap was, none after a
 * hyphen inside a word ("well-" + "known"); a dash (`--`) ends a word.
 */
function joinWrapped(before: string, after: string): string {
  return /[\p{L}\d]-$/u.test(before) ? before + after : `${before} ${after}`;
}

/** The name a cue speaks under, extensions aside: `BEN (V.O.) (CONT'D)` is BEN. */
function cueName(cue: string): string {
  return cue.replace(/\([^)]*\)/g, '').trim();
}

/** The model stores a parenthetical without its parentheses; printing adds them. */
function withoutParentheses(text: string): string {
  return text.replace(/^\(\s*/, '').replace(/\s*\)$/, '');
}
