import { Fountain, InlineLexer } from 'fountain-js';
import type { StyleSpan, TextStyle } from '../src/index.js';

/**
 * What fountain-js (a Fountain parser we compare with, never used at run
 * time) reads from Fountain text, in our terms: elements with their type,
 * their printed text and marks. Its own types that we have no element for
 * (lyrics, section, synopsis, note) keep fountain-js's name, so that a
 * comparison with our elements fails on them.
 */
export interface ReadElement {
  type: string;
  text: string;
  styles: StyleSpan[];
  sceneNumber?: string;
  dualDialogue?: 'left' | 'right';
  pageBreakBefore?: true;
}

export interface FountainJsReading {
  /** By fountain-js's key (`title`, `author`, `authors`, `draft_date`, …), the printed text. */
  titlePage: Record<string, string>;
  elements: ReadElement[];
}

const ELEMENT_OF: Readonly<Record<string, string>> = {
  scene_heading: 'sceneHeading',
  action: 'action',
  character: 'character',
  parenthetical: 'parenthetical',
  dialogue: 'dialogue',
  transition: 'transition',
  centered: 'centered',
};

/** Tokens that only open or close a group; the elements inside carry what matters. */
const GROUPING = new Set(['dialogue_end', 'dual_dialogue_begin', 'dual_dialogue_end', 'spaces']);

export function readWithFountainJs(source: string): FountainJsReading {
  const { tokens } = new Fountain().parse(source, true);
  const titlePage: Record<string, string> = {};
  const elements: ReadElement[] = [];
  let pageBreak = false;
  let dual: 'left' | 'right' | undefined;
  for (const token of tokens) {
    if (token.is_title) {
      titlePage[token.type] = printed(token.text ?? '').text;
      continue;
    }
    if (token.type === 'page_break') {
      pageBreak = true;
      continue;
    }
    if (token.type === 'dialogue_begin') {
      dual = token.dual === 'left' || token.dual === 'right' ? token.dual : undefined;
      continue;
    }
    if (GROUPING.has(token.type)) continue;
    const element: ReadElement = { type: ELEMENT_OF[token.type] ?? token.type, ...printed(token.text ?? '') };
    if (token.scene_number) element.sceneNumber = token.scene_number;
    if (token.type === 'character' && dual) element.dualDialogue = dual;
    if (pageBreak) element.pageBreakBefore = true;
    pageBreak = false;
    elements.push(element);
  }
  return { titlePage, elements };
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/**
 * The text a token prints and its marks, from fountain-js's own inline
 * rendering (emphasis as `<span class="bold italic">`, escapes resolved).
 * Lines holding only spaces count as empty, as they print.
 */
function printed(raw: string): { text: string; styles: StyleSpan[] } {
  const html = InlineLexer.reconstruct(raw);
  const styles: StyleSpan[] = [];
  const open: TextStyle[] = [];
  let text = '';
  for (const [piece, classes] of html.matchAll(/<span class="([^"]+)">|<\/span>|<br \/>|<!-- (.*?) -->|[^<]+|</g)) {
    if (classes !== undefined) open.push(styleOf(classes));
    else if (piece === '</span>') open.pop();
    else if (piece === '<br />') text += '\n';
    else {
      const literal = piece.startsWith('<!--') ? `[[${piece.slice(5, -4)}]]` : piece.replace(/&(?:amp|lt|gt|quot);/g, (entity) => HTML_ENTITIES[entity]!);
      const style: TextStyle = Object.assign({}, ...open);
      if (Object.keys(style).length > 0) styles.push({ from: text.length, to: text.length + literal.length, style });
      text += literal;
    }
  }
  return { text: text.replace(/^[ \t]+$/gm, ''), styles };
}

function styleOf(classes: string): TextStyle {
  const style: TextStyle = {};
  for (const name of classes.split(' ')) if (name === 'bold' || name === 'italic' || name === 'underline') style[name] = true;
  return style;
}
