import { describe, expect, it } from 'vitest';
import { WritersRoomError } from '../errors.js';
import { SignInThrottle } from './sign-in-throttle.js';

describe('the sign-in throttle', () => {
  const windowMs = 15 * 60_000;
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  };

  it('locks an account after its limit of failures, whatever the case of the email, until the oldest leaves the window', () => {
    const time = clock();
    const throttle = new SignInThrottle({ failures: 3, windowMs }, time.now);
    for (let i = 0; i < 3; i += 1) {
      throttle.assertAllowed('ada@example.com');
      throttle.recordFailure(i === 1 ? 'ADA@example.com' : 'ada@example.com');
      time.advance(60_000);
    }
    let refused: unknown;
    try {
      throttle.assertAllowed(' Ada@Example.com ');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(WritersRoomError);
    expect(refused).toMatchObject({ code: 'WR_ERR_TOO_MANY_ATTEMPTS', status: 429, retryAfterS: 12 * 60 });
    expect((refused as Error).message).toBe('Too many failed sign-ins for this account; try again in 12 minutes.');
    // Other accounts are not affected.
    expect(() => throttle.assertAllowed('ben@example.com')).not.toThrow();
    time.advance(12 * 60_000);
    expect(() => throttle.assertAllowed('ada@example.com')).not.toThrow();
  });

  it('forgets the failures of an account once it signs in', () => {
    const throttle = new SignInThrottle({ failures: 2, windowMs }, clock().now);
    throttle.recordFailure('ada@example.com');
    throttle.recordSuccess('ada@example.com');
    throttle.recordFailure('ada@example.com');
    expect(() => throttle.assertAllowed('ada@example.com')).not.toThrow();
  });
});
