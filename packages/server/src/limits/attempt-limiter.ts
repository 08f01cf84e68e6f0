/** A refusal of a limit: how long the caller should wait before trying again. */
export interface LimitRefusal {
  retryAfterS: number;
}

/**
 * Counts attempts per key (a client address, an account) within a window,
 * and refuses those over the limit. The HTTP rate-limit plugin's stores back
 * it (in-process, or Redis when REDIS_URL is set, so several processes count
 * together); `http/rate-limits.ts` builds one.
 */
export interface AttemptLimiter {
  /** Counts one attempt for `key`; undefined when it is allowed. */
  attempt(key: string): Promise<LimitRefusal | undefined>;
}
