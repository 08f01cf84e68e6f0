import { writeTime, type StorageContext } from './row-codec.js';
import { requireStorableText } from './storable-text.js';

/**
 * Reads a named secret, storing `generate()`'s value first if there is none.
 * Race-safe across processes: the insert is insert-if-absent (ON CONFLICT DO
 * NOTHING), so of concurrent creators only the first insert lands, and every
 * caller returns what the final read finds, the one stored value. `generate`
 * is called only when the first read finds nothing; its value may be discarded.
 *
 * @throws TypeError for an empty name or a generated value that is not a
 *   non-empty string, or either holding text that cannot be stored ([ST39])
 *   (nothing is stored then).
 */
async function getOrCreateSecret(ctx: StorageContext, name: string, generate: () => string): Promise<string> {
  if (typeof name !== 'string' || name === '') throw new TypeError('storage: secret name must be a non-empty string');
  requireStorableText({ name });
  const existing = await readSecret(ctx, name);
  if (existing !== undefined) return existing;

  const value = generate();
  if (typeof value !== 'string' || value === '') throw new TypeError(`storage: generated secret ${name} is empty`);
  requireStorableText({ value });
  await ctx.db
    .insertInto('server_secrets')
    .values({ name, value, created_at: writeTime(new Date()) })
    .onConflict((conflict) => conflict.column('name').doNothing())
    .execute();
  // The insert has committed or lost to one that committed first; either way the row is there now.
  const stored = await readSecret(ctx, name);
  if (stored === undefined) throw new Error(`storage: secret ${name} vanished after it was stored`);
  return stored;
}

async function readSecret(ctx: StorageContext, name: string): Promise<string | undefined> {
  const row = await ctx.db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirst();
  return row?.value;
}

/** Server secrets ([ST19]). */
export const secretQueries = { getOrCreateSecret };
