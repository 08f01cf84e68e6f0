import { Redis } from 'ioredis';
import type { AccessEvent } from '../auth/access-events.js';
import { fanOutChannels } from './fan-out-message.js';

const TIMEOUT_MS = 2_000;

/**
 * Tells every server process on REDIS_URL that an operator replaced a
 * script's document (clear-yjs, reseed, restore-yjs): each drops its loaded
 * copy and closes its sockets with 4410 (sync SPEC [SY39]). Resolves to
 * whether Redis took the message; the CLI says so either way.
 */
export async function announceReplacement(redisUrl: string, keyPrefix: string, scriptId: string): Promise<boolean> {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectTimeout: TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  const event: AccessEvent = { kind: 'document-replaced', scriptId };
  try {
    await redis.connect();
    await redis.publish(fanOutChannels(keyPrefix).access, JSON.stringify({ processId: 'cli', event }));
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
