import { Redis } from 'ioredis';
import type { AccessEvent } from '../auth/access-events.js';
import { encodeScriptMessage, fanOutChannels } from './fan-out-message.js';

const TIMEOUT_MS = 2_000;

/** The name the CLI goes by on the fan-out: never a server process's id. */
const CLI_PROCESS_ID = 'cli';

/**
 * Tells every server process on REDIS_URL that an operator replaced a
 * script's document (clear-yjs, reseed, restore-yjs): each drops its loaded
 * copy and closes its sockets with 4410 (sync SPEC [SY39]). Resolves to
 * whether Redis took the message; the CLI says so either way.
 */
export function announceReplacement(redisUrl: string, keyPrefix: string, scriptId: string): Promise<boolean> {
  return publishOnce(redisUrl, [accessMessage(keyPrefix, { kind: 'document-replaced', scriptId })]);
}

/**
 * Tells every server process that the CLI stored an edit of a script (a
 * restore from its history): a process that has it loaded reads its stored
 * rows again, as after a missed message ([SY36]), so open pages show the
 * edit at once; and history panels read the history again.
 */
export function announceStoredEdit(redisUrl: string, keyPrefix: string, scriptId: string): Promise<boolean> {
  return publishOnce(redisUrl, [
    [`${fanOutChannels(keyPrefix).scriptPrefix}${scriptId}`, Buffer.from(encodeScriptMessage({ type: 'resync', processId: CLI_PROCESS_ID }))],
    accessMessage(keyPrefix, { kind: 'notice', scriptId, topic: 'history' }),
  ]);
}

function accessMessage(keyPrefix: string, event: AccessEvent): [string, string] {
  return [fanOutChannels(keyPrefix).access, JSON.stringify({ processId: CLI_PROCESS_ID, event })];
}

async function publishOnce(redisUrl: string, messages: ReadonlyArray<[channel: string, message: string | Buffer]>): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  try {
    await redis.connect();
    for (const [channel, message] of messages) await redis.publish(channel, message);
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
