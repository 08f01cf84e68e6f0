import { describe, expect, it } from 'vitest';
import type { UserId } from '../storage/storage.js';
import { InProcessSocketQuota } from './socket-quota.js';

const ada = 'user-ada' as UserId;
const bo = 'user-bo' as UserId;

describe('InProcessSocketQuota', () => {
  it('grants an account up to its limit of sockets and refuses the next', async () => {
    // Fails if the check is `>` instead of `>=`: one socket more than MAX_SOCKETS_PER_ACCOUNT.
    const quota = new InProcessSocketQuota(2);
    expect(await quota.acquire(ada, '1')).toBe(true);
    expect(await quota.acquire(ada, '2')).toBe(true);
    expect(await quota.acquire(ada, '3')).toBe(false);
  });

  it('counts each account apart', async () => {
    const quota = new InProcessSocketQuota(1);
    expect(await quota.acquire(ada, '1')).toBe(true);
    expect(await quota.acquire(bo, '2')).toBe(true);
    expect(await quota.acquire(bo, '3')).toBe(false);
  });

  it('lets a new socket in once one is released, and a release twice frees one place only', async () => {
    // Fails if release forgets the socket id: the account keeps its place after the socket closed, and is locked out.
    const quota = new InProcessSocketQuota(2);
    await quota.acquire(ada, '1');
    await quota.acquire(ada, '2');
    quota.release(ada, '1');
    quota.release(ada, '1');
    expect(await quota.acquire(ada, '3')).toBe(true);
    expect(await quota.acquire(ada, '4')).toBe(false);
  });

  it('ignores the release of a socket it never granted', async () => {
    const quota = new InProcessSocketQuota(1);
    quota.release(ada, 'never');
    await quota.acquire(ada, '1');
    quota.release(ada, 'other');
    expect(await quota.acquire(ada, '2')).toBe(false);
  });
});
