import type { CheckpointThinning } from '../storage/storage.js';

/**
 * How long automatic checkpoints are kept, as backups thin theirs: every one
 * for `keepAllMs`, then the newest of each hour up to `hourlyMs` old, the
 * newest of each day up to `dailyMs`, and the newest of each week beyond.
 * Named drafts and restores are never thinned (storage [ST43]).
 */
export interface RetentionPolicy {
  keepAllMs: number;
  hourlyMs: number;
  dailyMs: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** The thinning decision for `policy` at `now`: which automatic checkpoints go. */
export function thinByAge(policy: RetentionPolicy, now: Date): CheckpointThinning {
  return (automatic) => {
    const kept = new Set<string>();
    const doomed: string[] = [];
    // Newest first, so the first checkpoint seen in a bucket is the one that stays.
    for (const { checkpointId, createdAt } of [...automatic].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())) {
      const age = now.getTime() - createdAt.getTime();
      const bucket = bucketOf(age, createdAt.getTime(), policy);
      if (bucket === undefined || !kept.has(bucket)) {
        if (bucket !== undefined) kept.add(bucket);
        continue;
      }
      doomed.push(checkpointId);
    }
    return doomed;
  };
}

/** The period a checkpoint of that age shares with others; undefined while every checkpoint is kept. */
function bucketOf(ageMs: number, time: number, policy: RetentionPolicy): string | undefined {
  if (ageMs < policy.keepAllMs) return undefined;
  if (ageMs < policy.hourlyMs) return `h${Math.floor(time / HOUR_MS)}`;
  if (ageMs < policy.dailyMs) return `d${Math.floor(time / DAY_MS)}`;
  return `w${Math.floor(time / WEEK_MS)}`;
}
