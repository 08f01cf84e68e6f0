import { storableText } from '../fdx/fdx-text-runs.js';
import type { NoticeLog } from '../fdx/notice-log.js';
import { ScriptFormatError } from '../formats/imported-script.js';
import { isStorableText } from '../unstorable-text.js';

/** Control characters no text file holds, tab, line breaks and form feed aside. */
// eslint-disable-next-line no-control-regex
const BINARY_CONTROL = /[\u0001-\u0008\u000E-\u001F]/g;

/**
 * More than one character in a hundred being such a control, and more
 * than a handful of them: binary data (an image, a word processor's file),
 * not text a writer pasted a few stray controls into.
 */
const BINARY_SHARE = 0.01;
const STRAY_CONTROLS = 16;

/**
 * The lines of a Fountain file, ready to read: the byte order mark
 * dropped, any line ending (CRLF, CR, LF) a line break, and characters a
 * script cannot store stripped, each kind with a notice.
 *
 * @throws ScriptFormatError when the text is binary (a NUL, or controls
 *   throughout) or holds nothing but blanks.
 */
export function readSourceLines(source: string, notices: NoticeLog): string[] {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const nul = text.indexOf('\u0000');
  if (nul !== -1) throw new ScriptFormatError('fountain', 'This is not a Fountain file: it holds NUL characters, as binary files do, and Fountain is plain text', lineOf(text, nul));
  const controls = text.match(BINARY_CONTROL)?.length ?? 0;
  if (controls > STRAY_CONTROLS && controls > text.length * BINARY_SHARE) throw new ScriptFormatError('fountain', 'This is not a Fountain file: it is full of control characters, as binary files are, and Fountain is plain text');
  if (text.trim() === '') throw new ScriptFormatError('fountain', 'This is not a Fountain file: it holds no text at all');
  const lines = text.split(/\r\n|\r|\n/);
  return isStorableText(text) ? lines : lines.map((line, index) => storableText(line, index + 1, notices));
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
