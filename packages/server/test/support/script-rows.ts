import BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import type { TestStorage } from './test-server.js';

/** Every table holding rows of one script, by the column that names it (quarantine is left out: it is kept on purpose, [ST45]). */
const SCRIPT_ROWS = {
  scripts: 'select count(*) as n from scripts where script_id = $1',
  script_versions: 'select count(*) as n from script_versions where script_id = $1',
  script_collaborators: 'select count(*) as n from script_collaborators where script_id = $1',
  script_invitations: 'select count(*) as n from script_invitations where script_id = $1',
  share_links: 'select count(*) as n from share_links where script_id = $1',
  script_checkpoints: 'select count(*) as n from script_checkpoints where script_id = $1',
  script_comment_threads: 'select count(*) as n from script_comment_threads where script_id = $1',
  script_comments: 'select count(*) as n from script_comments where thread_id in (select thread_id from script_comment_threads where script_id = $1)',
} as const;

export type ScriptRowCounts = Record<keyof typeof SCRIPT_ROWS, number>;

/**
 * How many rows of the script each table holds, read over a connection of
 * its own, so what a server process stored shows whatever the test's own
 * storage caches or hides.
 */
export async function scriptRowCounts(location: TestStorage['location'], scriptId: string): Promise<ScriptRowCounts> {
  const entries = Object.entries(SCRIPT_ROWS) as Array<[keyof ScriptRowCounts, string]>;
  if (location.kind === 'sqlite') {
    const db = new BetterSqlite3(path.join(location.dataDir, 'writersroom.sqlite'), { readonly: true });
    try {
      return Object.fromEntries(entries.map(([table, query]) => [table, (db.prepare(query.replace('$1', '?')).get(scriptId) as { n: number }).n])) as ScriptRowCounts;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    const counts = await Promise.all(entries.map(async ([table, query]) => [table, Number((await client.query<{ n: string }>(query, [scriptId])).rows[0]!.n)] as const));
    return Object.fromEntries(counts) as ScriptRowCounts;
  } finally {
    await client.end();
  }
}
