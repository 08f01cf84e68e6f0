import { atLeast, holdersOf } from '../auth/roles.js';
import type { Identity } from '../auth/authenticator.js';
import { WritersRoomError } from '../errors.js';
import type { Role, ScriptRecord, Storage } from '../storage/storage.js';
import { parse } from './parse.js';
import { scriptParams } from './scripts/schema.js';

/**
 * The script named by the route's `:scriptId`, with the caller's role on it.
 * 404 when it does not exist (or is deleted), 403 when the caller has no role
 * or less than `minimum`; the script and role are looked up concurrently.
 */
export async function scriptForCaller(
  storage: Pick<Storage, 'getScript' | 'getRole'>,
  identity: Identity,
  rawParams: unknown,
  options: { minimum?: Role; includeDeleted?: boolean; action?: string } = {},
): Promise<{ script: ScriptRecord; role: Role }> {
  const { scriptId } = parse(scriptParams, rawParams);
  const [script, role] = await Promise.all([
    storage.getScript(scriptId, { includeDeleted: options.includeDeleted ?? false }),
    storage.getRole(scriptId, identity.userId),
  ]);
  if (!script) throw new WritersRoomError('WR_ERR_SCRIPT_NOT_FOUND');
  if (!role) throw new WritersRoomError('WR_ERR_FORBIDDEN');
  if (options.minimum && !atLeast(role, options.minimum)) {
    throw new WritersRoomError('WR_ERR_FORBIDDEN', `Only ${holdersOf(options.minimum)} can ${options.action ?? 'do that'}.`);
  }
  return { script, role };
}
