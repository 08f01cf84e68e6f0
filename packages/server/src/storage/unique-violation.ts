/** One unique constraint, as each dialect names it in its error. */
export interface UniqueKey {
  /** The constraint's name, which PostgreSQL reports. */
  constraint: string;
  /** Table and column, which SQLite reports (`UNIQUE constraint failed: table.column`). */
  table: string;
  column: string;
}

/**
 * Whether a database error is a violation of that unique constraint. This is
 * how a lost race is told apart from other failures: a pre-check alone would
 * let two concurrent writers both pass it.
 */
export function isUniqueViolation(error: unknown, key: UniqueKey): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  // PostgreSQL (pg's DatabaseError): SQLSTATE 23505 and the constraint's name.
  if (code === '23505') return constraint === key.constraint;
  // SQLite (better-sqlite3's SqliteError): the extended result code and `table.column` list in the message.
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && typeof message === 'string') {
    const columns = message.slice(message.indexOf(':') + 1).split(',').map((column) => column.trim());
    return columns.includes(`${key.table}.${key.column}`);
  }
  return false;
}
