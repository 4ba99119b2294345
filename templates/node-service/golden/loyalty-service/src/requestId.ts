import { randomUUID } from 'node:crypto';

/**
 * What a caller may send as X-Request-Id and have echoed and logged: 1 to 128
 * characters of letters, digits and `.`, `_`, `:`, `-` (UUIDs, ULIDs, trace
 * ids). Anything else (line breaks, quotes, non-ASCII, 10 kB of padding) could
 * forge or bloat log lines, so it is replaced by a fresh id instead of refused:
 * a bad id from a proxy must not fail the request.
 */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'x-request-id';

/** The caller's id when it is acceptable, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}
