import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/;

/**
 * Whether `header` (`X-Hub-Signature-256`) is the HMAC-SHA256 of the raw
 * body with the secret, as GitHub signs webhook deliveries. Compared in
 * constant time; a missing, malformed or differently sized header is false.
 * An empty secret verifies nothing.
 */
export function verifyGithubSignature(
  secret: string,
  body: Buffer,
  header: string | string[] | undefined,
): boolean {
  if (!secret || typeof header !== 'string') return false;
  const match = SIGNATURE.exec(header.trim().toLowerCase());
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(match[1], 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `X-Hub-Signature-256` header for a body (for senders and tests). */
export function signGithubBody(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Constant-time comparison of a shared token (a header of its own: Backstage
 * reads every `Authorization` bearer as a Backstage token) with the
 * configured one; both are hashed first so their lengths do not leak.
 */
export function verifyToken(
  token: string,
  header: string | string[] | undefined,
): boolean {
  if (!token || typeof header !== 'string' || header.length === 0) return false;
  const a = createHmac('sha256', 'compare').update(header).digest();
  const b = createHmac('sha256', 'compare').update(token).digest();
  return timingSafeEqual(a, b);
}
