import { describe, expect, it } from 'vitest';
import { presenceName } from './presence-name.js';

describe('presence names', () => {
  it('shows the display name, else the email', () => {
    expect(presenceName({ displayName: 'Ada', email: 'ada@example.com' })).toBe('Ada');
    expect(presenceName({ displayName: null, email: 'ada@example.com' })).toBe('ada@example.com');
    expect(presenceName({ displayName: null, email: null })).toBe('A writer');
  });
});
