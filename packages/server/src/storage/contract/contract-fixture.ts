import type { Database } from '../schema.js';
import type { AmendingRow, LockedLog, NewVersion, ScriptId, ScriptRecord, Storage, UserId, VersionKind } from '../storage.js';

/** What each group of contract rules gets from `describeStorageContract`. */
export interface ContractFixture {
  /** The current test's storage: fresh, migrated, closed after the test. */
  readonly storage: Storage;
  /** Rows in a table of the current test's database, counted over a separate connection. */
  countRows(table: keyof Database): Promise<number>;
  /**
   * Inserts one row (column to text value) over a separate connection, past
   * every check the storage makes: how a test sees what the database itself
   * refuses.
   */
  insertRow(table: keyof Database, row: Record<string, string>): Promise<void>;
  /**
   * Takes the script's lock from another connection, as another process
   * would (SQLite: the database's write lock, `BEGIN IMMEDIATE`; PostgreSQL:
   * the script's advisory lock in an open transaction). The returned function
   * releases it.
   */
  holdScriptLock(scriptId: ScriptId): Promise<() => Promise<void>>;
  /** Another fresh, unmigrated storage (own database), closed after the test. */
  openFresh(): Promise<Storage>;
  /** Provisions a user for an identity subject and returns its id. */
  user(subject: string): Promise<UserId>;
  script(ownerId: UserId, title?: string): Promise<ScriptRecord>;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** Well-formed ids that no row has. */
export const UNKNOWN_ID = '0b6f1e2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
export const OTHER_UNKNOWN_ID = '7d2c3b4a-5e6f-4a1b-9c8d-7e6f5a4b3c2d';

/**
 * Characters [ST39] refuses, with the name messages give them: NUL, both
 * kinds of lone surrogate, and C0 controls a terminal or a paste brings
 * (bell, escape, carriage return). Integration tests send the same ones.
 */
export const UNSTORABLE: ReadonlyArray<readonly [character: string, name: string]> = [
  ['\u0000', 'U+0000 (NUL)'],
  ['\ud800', 'U+D800 (lone high surrogate)'],
  ['\udc00', 'U+DC00 (lone low surrogate)'],
  ['\u0007', 'U+0007 (BEL)'],
  ['\u001b', 'U+001B (ESC)'],
  ['\r', 'U+000D (CR)'],
];

/** Long enough for a millisecond timestamp to move on. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

/** A one-byte version row; the byte (`marker`) identifies it in assertions. */
export function row(scriptId: ScriptId, marker: number, kind: VersionKind = 'update', createdBy: UserId | null = null): NewVersion {
  return { scriptId, update: Uint8Array.of(marker), createdBy, kind };
}

export function markers(rows: readonly { update: Uint8Array }[]): number[] {
  return rows.map((r) => r.update[0] ?? -1);
}

/**
 * The seeding decision as the contract states it ([ST25]): an `amendLog`
 * decision that stores what `build` returns as a baseline row when the log is
 * empty, and nothing otherwise. `build` runs only for an empty log.
 */
export function seedWhenEmpty(build: (contentBlocks: unknown[] | null) => Uint8Array | undefined) {
  return ({ rows, contentBlocks }: LockedLog): AmendingRow | undefined => {
    if (rows.length > 0) return undefined;
    const update = build(contentBlocks);
    return update === undefined ? undefined : { update, kind: 'baseline' };
  };
}
