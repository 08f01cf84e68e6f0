import type { z } from 'zod';
import { WritersRoomError } from '../errors.js';

/** Validates request input against a schema; a mismatch is WR_ERR_INVALID_REQUEST naming each problem. */
export function parse<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  throw new WritersRoomError('WR_ERR_INVALID_REQUEST', problems.join('; '));
}
