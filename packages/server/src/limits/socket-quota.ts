import type { UserId } from '../storage/storage.js';

/**
 * How many sockets one account holds open at once (MAX_SOCKETS_PER_ACCOUNT).
 * One implementation per deployment: in-process for one server, Redis for
 * several, so an account's sockets count together wherever they landed.
 */
export interface SocketQuota {
  /** Takes one of the account's sockets under `socketId`; false when the account already holds its limit. */
  acquire(userId: UserId, socketId: string): Promise<boolean>;
  /** Gives the socket back (it closed). Idempotent. */
  release(userId: UserId, socketId: string): void;
  /** Stops any background work (shutdown). */
  close(): void;
}

/** The quota of a single server process. */
export class InProcessSocketQuota implements SocketQuota {
  private readonly held = new Map<UserId, Set<string>>();

  constructor(private readonly max: number) {}

  async acquire(userId: UserId, socketId: string): Promise<boolean> {
    const sockets = this.held.get(userId) ?? new Set<string>();
    if (sockets.size >= this.max) return false;
    sockets.add(socketId);
    this.held.set(userId, sockets);
    return true;
  }

  release(userId: UserId, socketId: string): void {
    const sockets = this.held.get(userId);
    if (!sockets) return;
    sockets.delete(socketId);
    if (sockets.size === 0) this.held.delete(userId);
  }

  close(): void {}
}
