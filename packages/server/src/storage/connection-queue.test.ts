import { describe, expect, it } from 'vitest';
import { ConnectionQueue } from './connection-queue.js';

describe('ConnectionQueue', () => {
  it('gives the connection to one holder at a time, in the order they asked', async () => {
    const queue = new ConnectionQueue();
    const turns: string[] = [];
    const use = async (name: string) => {
      await queue.acquire();
      turns.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      turns.push(`${name} out`);
      queue.release();
    };
    await Promise.all(['a', 'b', 'c', 'd'].map(use));
    // Fails if two holders overlap, or if a later caller overtakes an earlier one.
    expect(turns).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out', 'd in', 'd out']);
    // Free again: the next caller gets it at once.
    await queue.acquire();
    queue.release();
  });
});
