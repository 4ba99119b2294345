import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { parseInput } from './parseInput';

const query = z.object({
  limit: z.coerce
    .number()
    .int()
    .max(500, { error: 'must be at most 500' })
    .optional(),
  filter: z
    .object({ kind: z.string({ error: 'must be a string' }) })
    .optional(),
  actor: z.string({ error: 'is required' }),
});

describe('parseInput', () => {
  it('returns the parsed input', () => {
    expect(
      parseInput(query, { actor: 'user:default/a', limit: '5' }, 'query'),
    ).toEqual({ actor: 'user:default/a', limit: 5 });
  });

  it.each([
    { input: undefined, message: 'Invalid query: actor is required' },
    {
      input: { actor: 'a', limit: '501' },
      message: 'Invalid query: limit must be at most 500',
    },
    {
      input: { actor: 'a', filter: { kind: 3 } },
      message: 'Invalid query: filter.kind must be a string',
    },
    {
      input: { limit: '501' },
      message: 'Invalid query: limit must be at most 500; actor is required',
    },
  ])(
    'refuses $input with an InputError naming each bad field',
    ({ input, message }) => {
      expect(() => parseInput(query, input, 'query')).toThrow(
        new InputError(message),
      );
    },
  );

  it('names the whole input when it is not an object', () => {
    expect(() => parseInput(query, 'text', 'request body')).toThrow(InputError);
    expect(() => parseInput(query, 'text', 'request body')).toThrow(
      /^Invalid request body: /,
    );
  });
});
