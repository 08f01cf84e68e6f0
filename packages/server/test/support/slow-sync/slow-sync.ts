import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const SOURCE = fileURLToPath(new URL('./slow-sync.c', import.meta.url));

/** One sync of a write-ahead log the shim slowed: when it began and when it returned (wall clock, ms). */
export interface SlowedSync {
  start: number;
  end: number | undefined;
}

/** The slow disk of slow-sync.c, built into `dir`: the environment a child server needs, a switch and what it logged. */
export interface SlowSync {
  env: Record<string, string>;
  flag: string;
  syncs(): Promise<SlowedSync[]>;
}

/** @throws when the C compiler (cc) is missing: the test needs it, as it needs Chromium or PostgreSQL. */
export async function buildSlowSync(dir: string, delayMs: number): Promise<SlowSync> {
  await mkdir(dir, { recursive: true });
  const library = join(dir, 'slow-sync.so');
  await promisify(execFile)('cc', ['-shared', '-fPIC', '-O2', '-o', library, SOURCE, '-ldl']);
  const log = join(dir, 'slow-sync.log');
  const flag = join(dir, 'slow');
  return {
    env: { LD_PRELOAD: library, SLOW_SYNC_MS: String(delayMs), SLOW_SYNC_FLAG: flag, SLOW_SYNC_LOG: log },
    flag,
    async syncs() {
      const lines = (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      const syncs: SlowedSync[] = [];
      for (const line of lines) {
        const [event, at] = line.split(' ');
        if (event === 'start') syncs.push({ start: Number(at), end: undefined });
        // Syncs of one process run one at a time (SQLite's on its connection, the pool's queued by WalSync).
        else syncs.findLast((sync) => sync.end === undefined)!.end = Number(at);
      }
      return syncs;
    },
  };
}
