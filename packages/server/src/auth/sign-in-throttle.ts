import { LRUCache } from 'lru-cache';
import { WritersRoomError } from '../errors.js';

export interface SignInLimit {
  /** Failed sign-ins to one account within `windowMs` after which it refuses further attempts. */
  failures: number;
  windowMs: number;
}

/**
 * Limits password guessing against one account: after `failures` wrong
 * passwords within the window, sign-ins to it are refused (429, with when to
 * try again) until the oldest failure leaves the window, even with the right
 * password, so guessing learns nothing. A success clears the count.
 *
 * Per account, not per address: behind a reverse proxy every writer shares one
 * address, and a per-address limit would let one person lock everyone out.
 * The cost is that a stranger can lock one account for one window; scrypt
 * already makes each guess cost ~50 ms of server time. In-process: with
 * several servers each counts its own failures.
 */
export class SignInThrottle {
  private table: LRUCache<string, number[]> | undefined;

  constructor(
    private readonly limit: SignInLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Bounded: a flood of made-up emails cannot grow the table without end (the oldest are forgotten).
   * Made at the first sign-in: lru-cache allocates its index for all 100,000 entries up front
   * (a few MiB and ~20 ms of every server start, for a table most servers rarely use).
   */
  private get failuresByAccount(): LRUCache<string, number[]> {
    this.table ??= new LRUCache({ max: 100_000 });
    return this.table;
  }

  /** @throws WritersRoomError WR_ERR_TOO_MANY_ATTEMPTS while the account is locked. */
  assertAllowed(email: string): void {
    const recent = this.recentFailures(email);
    if (recent.length < this.limit.failures) return;
    const retryAfterMs = recent[0]! + this.limit.windowMs - this.now();
    const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
    throw new WritersRoomError(
      'WR_ERR_TOO_MANY_ATTEMPTS',
      `Too many failed sign-ins for this account; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
      { retryAfterS: Math.ceil(retryAfterMs / 1000) },
    );
  }

  recordFailure(email: string): void {
    this.failuresByAccount.set(key(email), [...this.recentFailures(email), this.now()]);
  }

  recordSuccess(email: string): void {
    this.failuresByAccount.delete(key(email));
  }

  private recentFailures(email: string): number[] {
    const since = this.now() - this.limit.windowMs;
    return (this.failuresByAccount.get(key(email)) ?? []).filter((at) => at > since);
  }
}

function key(email: string): string {
  return email.trim().toLowerCase();
}
