/**
 * What a Fountain reader takes a line for, so that the writer knows which
 * lines need forcing. The rules are Fountain 1.1's (fountain.io/syntax),
 * widened where readers in use take more than the spec says: afterwriting
 * and fountain-js also read `FADE OUT.` as a transition, `**INT. HOUSE**`
 * as a scene heading, and a line with no lowercase a–z (`...`, `1999`,
 * `¿QUÉ?`) as a character cue when text follows it. Forcing costs one
 * character the reader removes; a missed force changes the element.
 *
 * parseFountain reads by the spec's own rules (the `…BySpec` ones and
 * those it shares with the writer), each a subset of what the writer
 * forces, so that what the writer leaves unforced reads back as written.
 */

/** A scene heading by the spec: one of its prefixes, a dot or a space, then the rest. */
const SCENE_HEADING = /^(?:INT|EXT|EST|INT\.\/EXT|INT\/EXT|I\/E)[. ]./i;

/** What some reader takes for a scene heading: the spec's prefixes, `I./E`, after emphasis markers. */
const SCENE_HEADING_LIKE = /^[*_]{0,4}(?:INT|EXT|EST|I\.?\/E)[. /]/i;

/**
 * A character that makes the line markup where it begins one: `!` action,
 * `@` cue, `~` lyrics, `=` synopsis or `===` page break, `#` section, `>`
 * transition or centered text, `[[` a note, and a single `.` (a forced scene
 * heading; `...` is not one).
 */
const MARKUP_START = /^(?:[!@~=#>]|\.(?!\.)|\[\[)/;

/** Transitions by the spec end in `TO:`; readers add the classic endings. */
const TRANSITION_END = /TO:$/;
const CLASSIC_TRANSITION = /^(?:FADE (?:TO BLACK|OUT)|CUT TO BLACK)\.$/;

/** A title page line: `Key: value`; any key, as the spec allows. */
const TITLE_PAGE_KEY = /^([\p{L}\p{N}_ ]+):(.*)$/u;

export function startsWithMarkup(line: string): boolean {
  return MARKUP_START.test(line.trimStart());
}

/** Read as a scene heading with no `.` before it (given a blank line after it, which the writer always leaves). */
export function readsAsSceneHeading(line: string): boolean {
  return SCENE_HEADING.test(line);
}

/** Some reader could take the line for a scene heading. */
export function couldReadAsSceneHeading(line: string): boolean {
  return SCENE_HEADING_LIKE.test(line.trimStart());
}

/** Some reader could take the line, alone between blank lines, for a transition. */
export function couldReadAsTransition(line: string): boolean {
  const trimmed = line.trim();
  return TRANSITION_END.test(trimmed) || CLASSIC_TRANSITION.test(trimmed);
}

/** Read as a transition with no `>` before it: in capitals, ending in ` TO:`. */
export function readsAsTransition(line: string): boolean {
  return line === line.toUpperCase() && / TO:$/.test(line) && !startsWithMarkup(line) && !couldReadAsSceneHeading(line);
}

/**
 * Some reader could take the line for a character cue if text follows it
 * on the next line: the spec asks for a line entirely in capitals, an
 * extension in parentheses at its end in any case (`HANS (on the radio)`);
 * afterwriting compares the whole line with its upper case; fountain-js
 * only looks for a lowercase a–z before the extension.
 */
export function couldReadAsCue(line: string): boolean {
  const name = line.replace(/\(.*\)[\s*_^]*$/, '');
  return /\S/.test(name) && !/[a-z]/.test(name);
}

/** fountain-js will not take a cue whose name ends like a transition, `GET OUT.` included. */
const TRANSITION_LIKE_NAME_END = /(?:TO:|BLACK\.|OUT\.)$/;

/**
 * Read as a cue with no `@` before it: entirely in capitals with a capital
 * letter in the name, at most one parenthesised extension at the end
 * (`MOM (O.S.)`, `BOB (V.O.) (CONT'D)` counts as one), and nothing another
 * rule claims first (a heading prefix, a transition's ending, in the line
 * or its name, a markup character, a trailing `^`).
 */
export function readsAsCue(line: string): boolean {
  const open = line.indexOf('(');
  const name = open === -1 ? line : line.slice(0, open);
  return (
    !TRANSITION_LIKE_NAME_END.test(name.trim()) &&
    line === line.toUpperCase() &&
    /\p{Lu}/u.test(name) &&
    !name.includes(')') &&
    (open === -1 || line.endsWith(')')) &&
    !line.endsWith('^') &&
    !startsWithMarkup(line) &&
    !couldReadAsSceneHeading(line) &&
    !couldReadAsTransition(line)
  );
}

/** The first line of a document with no title page could be taken for the start of one. */
export function couldReadAsTitlePageKey(line: string): boolean {
  return TITLE_PAGE_KEY.test(line.trimStart());
}

/** A title page line split into its key and the value after the colon (untrimmed), or undefined when it is none. */
export function readTitlePageKey(line: string): { key: string; value: string } | undefined {
  const match = TITLE_PAGE_KEY.exec(line.trimStart());
  return match ? { key: match[1]!.trim(), value: match[2]! } : undefined;
}

/** A scene heading forced with a dot: `.` then text, but not `..` (`...` opens action). */
export function readsAsForcedSceneHeading(line: string): boolean {
  return line.length > 1 && line[0] === '.' && line[1] !== '.';
}

/**
 * A character cue by the spec, when a line of text follows it: a name with
 * at least one letter and no lowercase, then any extensions in parentheses
 * in any case (`HANS (on the radio)`). `line` is trimmed, `^` removed.
 * Wider than `readsAsCue`, which also avoids what other readers claim.
 */
export function readsAsCueBySpec(line: string): boolean {
  const open = line.indexOf('(');
  const name = open === -1 ? line : line.slice(0, open);
  return /\p{L}/u.test(name) && name === name.toUpperCase() && (open === -1 || line.endsWith(')'));
}

/** A transition by the spec: in capitals and ending in `TO:` (`line` trimmed). */
export function readsAsTransitionBySpec(line: string): boolean {
  return line.endsWith('TO:') && line === line.toUpperCase();
}

/** `===` or more `=` and nothing else: a page break (`line` trimmed). */
export function readsAsPageBreak(line: string): boolean {
  return line.length >= 3 && /^=+$/.test(line);
}

/** Centered text: `>text<` (`line` trimmed). */
export function readsAsCentered(line: string): boolean {
  return line.length >= 2 && line[0] === '>' && line.endsWith('<');
}
