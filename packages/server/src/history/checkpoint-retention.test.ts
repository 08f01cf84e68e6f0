import { describe, expect, it } from 'vitest';
import { thinByAge } from './checkpoint-retention.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-12-06T12:00:00.000Z');
const policy = { keepAllMs: DAY, hourlyMs: 7 * DAY, dailyMs: 90 * DAY };
const at = (msAgo: number, id: string) => ({ checkpointId: id, createdAt: new Date(now.getTime() - msAgo) });

describe('thinning automatic checkpoints by age', () => {
  it('keeps every checkpoint of the last day', () => {
    const recent = Array.from({ length: 50 }, (_, i) => at(i * 10 * 60_000, `c${i}`));
    expect(thinByAge(policy, now)(recent)).toEqual([]);
  });

  it('keeps the newest of each hour for a week, of each day for 90 days, of each week beyond', () => {
    // Breakage that fails this: bucketing by the age instead of the clock (buckets shift as time passes), or keeping the oldest.
    const hourOld = 3 * DAY;
    const inOneHour = [at(hourOld + 5 * 60_000, 'hour-newest'), at(hourOld + 20 * 60_000, 'hour-mid'), at(hourOld + 40 * 60_000, 'hour-old')];
    const dayOld = 30 * DAY + 6 * HOUR;
    const inOneDay = [at(dayOld, 'day-newest'), at(dayOld + 3 * HOUR, 'day-old')];
    const weekOld = 200 * DAY + 12 * HOUR;
    const inOneWeek = [at(weekOld, 'week-newest'), at(weekOld + DAY, 'week-old')];
    const doomed = thinByAge(policy, now)([...inOneHour, ...inOneDay, ...inOneWeek]).sort();
    expect(doomed).toEqual(['day-old', 'hour-mid', 'hour-old', 'week-old']);
  });

  it('with everything kept forever (0 ms of hourly and daily windows, a huge keep-all), thins nothing', () => {
    const forever = { keepAllMs: Number.MAX_SAFE_INTEGER, hourlyMs: 0, dailyMs: 0 };
    expect(thinByAge(forever, now)([at(400 * DAY, 'a'), at(400 * DAY + 1, 'b')])).toEqual([]);
  });
});
