import { describeUnstorableText, findUnstorableJson } from '@writersroom/screenplay';

/**
 * Refuses text the storage cannot keep as given ([ST39]): NUL, lone
 * surrogates, C0 controls but tab and newline, in any field, at any depth of
 * a JSON column. PostgreSQL would refuse a NUL with a database error
 * (SQLite would store it) and turn a lone surrogate into U+FFFD (or refuse
 * its `jsonb` escape), so both storages check here, before any query, and
 * agree. Pass the fields a write stores, named by column or argument:
 * `{ title, contentBlocks }`.
 *
 * @throws TypeError naming the field (`contentBlocks[3].text`) and the character.
 */
export function requireStorableText(fields: Readonly<Record<string, unknown>>): void {
  const found = findUnstorableJson(fields);
  if (found) throw new TypeError(`storage: ${describeUnstorableText(found)}, which cannot be stored`);
}

