import { sql, type Kysely } from 'kysely';
import { accessQueries } from './access-queries.js';
import { accountQueries } from './account-queries.js';
import { amendQueries } from './amend-queries.js';
import { checkpointQueries } from './checkpoint-queries.js';
import { commentQueries } from './comment-queries.js';
import { compactionQueries } from './compaction-queries.js';
import { invitationQueries } from './invitation-queries.js';
import { migrateToLatest } from './migrations/migrate-to-latest.js';
import { quarantineQueries } from './quarantine-queries.js';
import type { RowCodec, StorageContext } from './row-codec.js';
import type { Database } from './schema.js';
import type { ScriptLocks } from './script-lock.js';
import { scriptQueries } from './script-queries.js';
import { secretQueries } from './secret-queries.js';
import { sessionQueries } from './session-queries.js';
import { trashQueries } from './trash-queries.js';
import { shareLinkQueries } from './share-link-queries.js';
import type { Storage } from './storage.js';
import { userQueries } from './user-queries.js';
import { versionQueries } from './version-queries.js';

/** Every query of every role, written once over `StorageContext`. */
const queries = {
  ...versionQueries,
  ...amendQueries,
  ...quarantineQueries,
  ...compactionQueries,
  ...scriptQueries,
  ...trashQueries,
  ...accessQueries,
  ...invitationQueries,
  ...shareLinkQueries,
  ...userQueries,
  ...accountQueries,
  ...sessionQueries,
  ...secretQueries,
  ...checkpointQueries,
  ...commentQueries,
};

type Query = (ctx: StorageContext, ...args: never[]) => unknown;
type Bound<Q extends Record<string, Query>> = {
  [K in keyof Q]: Q[K] extends (ctx: StorageContext, ...args: infer A) => infer R ? (...args: A) => R : never;
};

function bind<Q extends Record<string, Query>>(ctx: StorageContext, table: Q): Bound<Q> {
  return Object.fromEntries(
    Object.entries(table).map(([name, query]) => [name, (...args: never[]) => query(ctx, ...args)]),
  ) as Bound<Q>;
}

export interface KyselyStorageParts {
  dialect: Storage['dialect'];
  db: Kysely<Database>;
  codec: RowCodec;
  locks: ScriptLocks;
}

/**
 * `Storage` over any Kysely dialect: the query modules bound to one database.
 * A dialect only chooses the driver and its settings, the `RowCodec` and how a
 * script's lock is taken (`ScriptLocks`); see SPEC.md for the rules all keep.
 * The type check of the return value is what proves every role is complete.
 */
export function createKyselyStorage({ dialect, db, codec, locks }: KyselyStorageParts): Storage {
  const ctx: StorageContext = { db, codec, scriptTransaction: locks.wait, tryScriptTransaction: locks.try };
  let closing: Promise<void> | undefined;
  return {
    dialect,
    migrate: () => migrateToLatest(db as Kysely<unknown>, dialect),
    async ping() {
      await sql`select 1`.execute(db);
    },
    // Idempotent: later calls wait for the first.
    close() {
      closing ??= db.destroy();
      return closing;
    },
    ...bind(ctx, queries),
  };
}
