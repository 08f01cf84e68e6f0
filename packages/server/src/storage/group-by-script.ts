import type { ScriptId } from './storage.js';

/**
 * Rows of many scripts as one sorted list per script: how the queries that
 * answer for all of an owner's scripts at once keep the order of their
 * one-script siblings.
 */
export function groupByScript<Row extends { script_id: ScriptId }, Item>(
  rows: readonly Row[],
  toItem: (row: Row) => Item,
  order: (a: Item, b: Item) => number,
): Map<ScriptId, Item[]> {
  const groups = new Map<ScriptId, Item[]>();
  for (const row of rows) {
    const group = groups.get(row.script_id);
    if (group) group.push(toItem(row));
    else groups.set(row.script_id, [toItem(row)]);
  }
  for (const group of groups.values()) group.sort(order);
  return groups;
}
