/**
 * Real PostgreSQL for tests. Each caller gets its own throwaway database, so
 * test files run in parallel without seeing each other's rows.
 *
 * TEST_DATABASE_URL names an admin connection (one allowed to CREATE DATABASE);
 * default `postgres://127.0.0.1:5432/test`. Without PostgreSQL the suites that
 * need it are skipped locally, but on CI (CI=true) importing this module fails:
 * a CI run that silently skipped the PostgreSQL tests would prove nothing.
 */
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import pg from 'pg';

const PROBE_TIMEOUT_MS = 2_000;

/**
 * libpq (psql) falls back to the OS user name when a URL names none; pg uses
 * $USER, which is unset in some containers. Do what psql does, so the default
 * URL works wherever psql does.
 */
function withDefaultUser(url: string): URL {
  const parsed = new URL(url);
  if (parsed.username === '') parsed.username = process.env.PGUSER ?? process.env.USER ?? userInfo().username;
  return parsed;
}

const adminUrl = withDefaultUser(process.env.TEST_DATABASE_URL ?? 'postgres://127.0.0.1:5432/test');

/** The admin URL without its password, for error messages. */
function printable(url: URL): string {
  const copy = new URL(url);
  if (copy.password !== '') copy.password = '***';
  return copy.toString();
}

async function withAdminClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl.toString(), connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function probe(): Promise<boolean> {
  try {
    await withAdminClient((client) => client.query('select 1'));
    return true;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(
        `PostgreSQL is unreachable at TEST_DATABASE_URL=${printable(adminUrl)} and CI=true: ` +
          'the PostgreSQL tests must run on CI. Start PostgreSQL or point TEST_DATABASE_URL at it.',
        { cause: error },
      );
    }
    return false;
  }
}

/** Whether PostgreSQL answered at TEST_DATABASE_URL. Use with `describe.skipIf(!postgresAvailable)`. */
export const postgresAvailable: boolean = await probe();

export interface TestDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Terminates the database's remaining connections and drops it. Idempotent. */
  drop(): Promise<void>;
}

/** Creates an empty database `wr_test_<random hex>` next to the admin database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `wr_test_${randomBytes(8).toString('hex')}`;
  // The name is generated above from hex digits only, so interpolating it is safe.
  await withAdminClient((client) => client.query(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await withAdminClient(async (client) => {
        await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
        await client.query(`drop database if exists ${name}`);
      });
    },
  };
}
