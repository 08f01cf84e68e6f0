import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { KEYBOARD_KEYS, type KeyRow } from './keyboard-keys.js';

const README = new URL('../../../../README.md', import.meta.url);
const HEADER = '| where the caret is | key | what happens |';

/** The rows of the README's key table, cell by cell as written. */
function readmeKeyTable(): KeyRow[] {
  const lines = readFileSync(README, 'utf8').split('\n');
  const start = lines.indexOf(HEADER);
  expect(start, 'the README has its key table').toBeGreaterThan(-1);
  const rows: KeyRow[] = [];
  // Past the header and its |---| line, up to the first line that is not a row.
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const [where = '', key = '', what = ''] = line.slice(1, -1).split(' | ').map((cell) => cell.trim());
    rows.push({ where, key, what });
  }
  return rows;
}

test("the keyboard help lists exactly the README's key table, row for row", () => {
  // Fails when a row is added to one and not the other (tried: the Ctrl/Cmd-Alt-G row left out of the list).
  expect(KEYBOARD_KEYS).toEqual(readmeKeyTable());
});
