import { InputError } from '@backstage/errors';

/** Opaque page cursor: the (time, id) of the last row of a page. */
export function encodeCursor(time: string, id: number): string {
  return Buffer.from(JSON.stringify([time, id])).toString('base64url');
}

/** Reads a cursor; an InputError naming the problem when it is not one of ours. */
export function decodeCursor(cursor: string): { time: Date; id: number } {
  const invalid = () =>
    new InputError(
      'Invalid cursor: pass the nextCursor of a previous page unchanged',
    );
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    !Number.isSafeInteger(parsed[1]) ||
    parsed[1] < 1
  ) {
    throw invalid();
  }
  const time = new Date(parsed[0]);
  if (Number.isNaN(time.getTime()) || time.toISOString() !== parsed[0]) {
    throw invalid();
  }
  return { time, id: parsed[1] };
}
