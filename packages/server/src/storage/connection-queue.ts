/**
 * The turn to use SQLite's one connection, handed to waiters in the order
 * they asked. (Kysely's own mutex wakes every waiter at each release and all
 * but one wait again: with 1,000 scripts opened at once that was a million
 * wake-ups, a third of a second of CPU.)
 */
export class ConnectionQueue {
  #held = false;
  readonly #waiting: Array<() => void> = [];

  /** Resolves when the caller holds the connection. */
  acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the connection to the longest waiter, or frees it. */
  release(): void {
    const next = this.#waiting.shift();
    if (next === undefined) this.#held = false;
    else next();
  }
}
