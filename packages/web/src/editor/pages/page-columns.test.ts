import { readFileSync } from 'node:fs';
import { DUAL_COLUMNS, ELEMENT_COLUMNS, ELEMENT_TYPES, isPrinted, type ElementColumn, type ElementType } from '@writersroom/screenplay';
import { describe, expect, it } from 'vitest';

/**
 * pages.css places each element where the pagination engine prints it
 * ([PG3], [PG14]); the numbers are written twice (CSS cannot import them),
 * so this reads the stylesheet and holds it to the engine's columns.
 */
const css = readFileSync(new URL('./pages.css', import.meta.url), 'utf8');

interface Box {
  leftIn: number;
  widthIn: number;
}

/** Every rule that sets margin-left and width, by the element (and dual side) its selector names. */
function boxes(): Map<string, Box> {
  const found = new Map<string, Box>();
  for (const [, selector, body] of css.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const left = /margin-left:\s*([\d.]+)in/.exec(body!)?.[1];
    const width = /width:\s*([\d.]+)in/.exec(body!)?.[1];
    if (left === undefined || width === undefined) continue;
    const side = /data-dual-dialogue='(left|right)'/.exec(selector!)?.[1] ?? 'single';
    for (const [, element] of selector!.matchAll(/data-element='(\w+)'/g)) {
      found.set(`${side}:${element}`, { leftIn: Number(left), widthIn: Number(width) });
    }
  }
  return found;
}

/** The box holds exactly the column's characters (0.1 in each), with less than one to spare. */
function expectColumn(box: Box | undefined, column: ElementColumn, what: string): void {
  expect(box, `${what} has a column in pages.css`).toBeDefined();
  const { leftIn, widthIn } = box!;
  if (column.align === 'right') {
    // Ends where the engine's text ends.
    expect(Math.round((leftIn + widthIn) * 10), what).toBe(column.left + column.width);
  } else {
    expect(Math.round(leftIn * 10), what).toBe(column.left);
  }
  expect(widthIn * 10, what).toBeGreaterThanOrEqual(column.width);
  expect(widthIn * 10, what).toBeLessThan(column.width + 1);
}

describe('the editor’s page columns', () => {
  const found = boxes();

  it('[PG3] put every element at the engine’s column, as wide as its characters per line', () => {
    // Fails if a column in pages.css drifts from ELEMENT_COLUMNS (e.g. dialogue at 2.4in, or 35 characters in 3.5in exactly).
    for (const type of ELEMENT_TYPES.filter(isPrinted)) expectColumn(found.get(`single:${type}`), ELEMENT_COLUMNS[type], type);
  });

  it('[PG14] put each side of dual dialogue at the engine’s columns', () => {
    for (const side of ['left', 'right'] as const) {
      for (const [type, column] of Object.entries(DUAL_COLUMNS[side]) as Array<[ElementType, ElementColumn]>) {
        expectColumn(found.get(`${side}:${type}`), column, `${side} ${type}`);
      }
    }
  });
});
