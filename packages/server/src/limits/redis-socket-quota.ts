import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { UserId } from '../storage/storage.js';
import type { SocketQuota } from './socket-quota.js';

/** How long a socket counts without its process confirming it: the ones a killed process held are freed after this. */
const LEASE_MS = 90_000;

export interface RedisSocketQuotaOptions {
  max: number;
  keyPrefix: string;
  logger: Logger;
  /** Lease of a socket, renewed every third of it; default 90 s. Tests shorten it to see a killed process's sockets freed. */
  leaseMs?: number;
}

/**
 * Atomically: forget the account's sockets whose lease ran out, refuse when
 * it still holds `max`, else record this one with a lease. KEYS[1] the
 * account's sorted set (member: process and socket, score: lease end).
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

interface QuotaCommands {
  acquireSocket(key: string, now: number, max: number, leaseEnd: number, member: string, ttlMs: number): Promise<number>;
}

/**
 * `SocketQuota` shared by every process on one Redis: each account's open
 * sockets are a sorted set of leases. A process renews the leases of its
 * live sockets every third of a lease and removes a socket when it closes; a
 * process that dies without closing (kill -9) stops renewing, and its sockets
 * stop counting a lease later. When Redis cannot answer, the socket is
 * admitted (fail open) and the outage is logged by the connection.
 */
export class RedisSocketQuota implements SocketQuota {
  private readonly process = randomUUID();
  private readonly live = new Map<string, UserId>();
  private readonly renewal: NodeJS.Timeout;
  private readonly leaseMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisSocketQuotaOptions,
  ) {
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    if (!(redis as unknown as Partial<QuotaCommands>).acquireSocket) redis.defineCommand('acquireSocket', { numberOfKeys: 1, lua: ACQUIRE });
    this.renewal = setInterval(() => void this.renew(), this.leaseMs / 3);
    this.renewal.unref();
  }

  async acquire(userId: UserId, socketId: string): Promise<boolean> {
    const now = Date.now();
    const member = this.member(socketId);
    try {
      const granted = await (this.redis as unknown as QuotaCommands).acquireSocket(this.key(userId), now, this.options.max, now + this.leaseMs, member, this.leaseMs);
      if (granted === 1) this.live.set(socketId, userId);
      return granted === 1;
    } catch (error) {
      this.options.logger.debug({ err: error }, 'socket quota unavailable; admitting');
      return true;
    }
  }

  release(userId: UserId, socketId: string): void {
    if (!this.live.delete(socketId)) return;
    this.redis.zrem(this.key(userId), this.member(socketId)).catch(() => undefined);
  }

  close(): void {
    clearInterval(this.renewal);
  }

  private async renew(): Promise<void> {
    if (this.live.size === 0) return;
    const leaseEnd = Date.now() + this.leaseMs;
    const pipeline = this.redis.pipeline();
    for (const [socketId, userId] of this.live) pipeline.zadd(this.key(userId), 'XX', leaseEnd, this.member(socketId)).pexpire(this.key(userId), this.leaseMs);
    await pipeline.exec().catch((error: unknown) => this.options.logger.debug({ err: error }, 'socket quota leases not renewed'));
  }

  private key(userId: UserId): string {
    return `${this.options.keyPrefix}sockets:${userId}`;
  }

  private member(socketId: string): string {
    return `${this.process}:${socketId}`;
  }
}
