/**
 * A token bucket for one socket's messages of one kind: `perSecond`
 * sustained, and bursts of up to five seconds' worth (a paste, a reconnect's
 * catch-up, an undo of a long selection). A message that finds the bucket
 * empty is a flood: the caller closes the socket rather than queue it.
 */
export class MessageRate {
  private tokens: number;
  private refilledAt: number;
  private readonly capacity: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = perSecond * 5;
    this.tokens = this.capacity;
    this.refilledAt = this.now();
  }

  /** Takes one message's token; false when there is none left. */
  take(): boolean {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds for the bucket to fill again: how long a client closed for a flood waits (`retry-after`). */
  get retryAfterS(): number {
    return Math.ceil(this.capacity / this.perSecond);
  }
}
