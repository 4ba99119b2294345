import { InputError } from '@backstage/errors';
import type { z } from 'zod';

/**
 * Reads request input (a body, a query, path parameters) with a zod schema.
 * Anything the schema refuses is an `InputError` (a 400) that names each bad
 * field and why, e.g. `Invalid query: limit must be at most 500; actor is
 * required`; a missing input reads as `{}`.
 *
 * @param what - what the input is, for the message ("query", "request body")
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  input: unknown,
  what: string,
): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(i =>
      i.path.length ? `${i.path.join('.')} ${i.message}` : i.message,
    );
    throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
  }
  return result.data;
}
