/**
 * A small seeded PRNG (mulberry32) so every fixture, edit sequence and
 * benchmark run is the same bytes on every machine: a figure measured against
 * a different document each time could not be compared with the last one.
 * Not for anything security-related.
 */
export class SeededRandom {
  private state: number;

  /** @param seed any 32-bit integer; the same seed always yields the same sequence. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p` (0..1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty list');
    return item;
  }

  /**
   * One element, earlier ones more likely (weight 1/(i+1)): protagonists
   * speak more than bit parts, a few locations recur more than the rest.
   */
  pickSkewed<T>(items: readonly T[]): T {
    const weights = items.map((_, i) => 1 / (i + 1));
    let roll = this.next() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < items.length; i++) {
      roll -= weights[i] ?? 0;
      if (roll < 0) return items[i] as T;
    }
    return this.pick(items);
  }

  /** A 32-bit integer, e.g. to seed a derived generator or a Yjs client id. */
  uint32(): number {
    return Math.floor(this.next() * 4_294_967_296) >>> 0;
  }
}
