import { announceReplacement, announceStoredEdit } from '../fanout/announce-to-servers.js';
import type { CommandContext } from './command.js';

/**
 * After a command replaced a script's document (a new generation): with
 * REDIS_URL, every server process is told, and drops the copy it has loaded
 * and closes its sockets with 4410, so no stale copy writes into the new
 * document. Without Redis there is nobody to tell; the help text asks for
 * the script to be closed.
 */
export async function tellServersOfReplacement(context: CommandContext, scriptId: string): Promise<void> {
  const { config, out } = context;
  if (!config.redisUrl) return;
  if (await announceReplacement(config.redisUrl, config.redisKeyPrefix, scriptId)) return;
  out.warn(`could not reach Redis (REDIS_URL) to tell the server processes: one that has script ${scriptId} open keeps serving its stale copy until it unloads the script; restart it`);
}

/**
 * After a command stored an edit of a script (a restore from its history):
 * with REDIS_URL, server processes that have it open read it at once. The
 * edit is safe either way (it merges like any stored row); without Redis, a
 * process shows it once it loads the script again.
 */
export async function tellServersOfStoredEdit(context: CommandContext, scriptId: string): Promise<void> {
  const { config, out } = context;
  if (!config.redisUrl) return;
  if (await announceStoredEdit(config.redisUrl, config.redisKeyPrefix, scriptId)) return;
  out.warn(`could not reach Redis (REDIS_URL) to tell the server processes: one that has script ${scriptId} open shows the restore once it loads the script again`);
}
