import { ApiError } from '../api/client.js';
import { getScript, listScripts, type Script } from '../api/scripts.js';

/**
 * The scripts whose copies this browser holds (the editor keeps each opened
 * script in IndexedDB), with the server's last answer about each (title,
 * role, generation): what the list and the script page show when the server
 * cannot be reached. Kept per user in localStorage, most recently opened first.
 */
const keyOf = (userId: string) => `writersroom/${userId}/held-scripts`;

function read(userId: string): Script[] {
  try {
    const stored = JSON.parse(localStorage.getItem(keyOf(userId)) ?? '[]') as unknown;
    return Array.isArray(stored) ? (stored as Script[]) : [];
  } catch {
    return [];
  }
}

function write(userId: string, scripts: readonly Script[]): void {
  localStorage.setItem(keyOf(userId), JSON.stringify(scripts));
}

/** The server could not be reached (or only a proxy answered for it): the kept answers stand in. */
function unreachable(failure: unknown): boolean {
  return failure instanceof ApiError && failure.transient;
}

/** GET /api/scripts/:id, remembered; offline, the answer remembered when it was last opened here. */
export async function getScriptOrHeld(userId: string, scriptId: string): Promise<Script> {
  try {
    const script = await getScript(scriptId);
    write(userId, [script, ...read(userId).filter((held) => held.scriptId !== scriptId)]);
    return script;
  } catch (failure) {
    const held = unreachable(failure) ? read(userId).find((candidate) => candidate.scriptId === scriptId) : undefined;
    if (held) return held;
    throw failure;
  }
}

/**
 * The writer's scripts from the server, which also drops held scripts no longer
 * listed (deleted, or no longer shared) and renews titles; offline, the held
 * scripts, with `offline` set.
 */
export async function listScriptsOrHeld(userId: string): Promise<{ scripts: Script[]; offline: boolean }> {
  try {
    const scripts = await listScripts();
    const listed = new Map(scripts.map((script) => [script.scriptId, script]));
    write(
      userId,
      read(userId).flatMap((held) => {
        const now = listed.get(held.scriptId);
        return now ? [{ ...held, ...now }] : [];
      }),
    );
    return { scripts, offline: false };
  } catch (failure) {
    if (!unreachable(failure)) throw failure;
    return { scripts: read(userId), offline: true };
  }
}
