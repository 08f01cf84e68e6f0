import { sql, type ColumnDataType, type Expression } from 'kysely';
import type { Storage } from '../storage.js';

export type StorageDialect = Storage['dialect'];

/** The column types one dialect uses for each kind of value in the schema. */
export interface ColumnTypes {
  /** Server-generated UUIDs: native `uuid` in PostgreSQL, canonical lowercase text in SQLite. */
  id: ColumnDataType;
  json: ColumnDataType;
  bytes: ColumnDataType;
  timestamp: ColumnDataType;
  /** Integer wide enough for a version id (64-bit in both). */
  bigInteger: ColumnDataType;
  /** Default for timestamp columns, in the same form the code writes. */
  now: Expression<unknown>;
  /** Condition that a JSON column holds null or an array (JSONB_ARRAY_LENGTH fails on anything else). */
  isJsonArrayOrNull(column: string): Expression<unknown>;
}

/**
 * Per-dialect column types, so a migration is written once. SQLite timestamps
 * default to ISO-8601 UTC text with milliseconds, exactly what `toISOString()`
 * writes, so values from defaults and from code sort together.
 */
export function columnTypes(dialect: StorageDialect): ColumnTypes {
  if (dialect === 'postgres') {
    return {
      id: 'uuid',
      json: 'jsonb',
      bytes: 'bytea',
      timestamp: 'timestamptz',
      bigInteger: 'bigint',
      now: sql`now()`,
      isJsonArrayOrNull: (column) => sql`${sql.ref(column)} is null or jsonb_typeof(${sql.ref(column)}) = 'array'`,
    };
  }
  return {
    id: 'text',
    json: 'text',
    bytes: 'blob',
    timestamp: 'text',
    bigInteger: 'integer',
    now: sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`,
    isJsonArrayOrNull: (column) => sql`${sql.ref(column)} is null or json_type(${sql.ref(column)}) = 'array'`,
  };
}
