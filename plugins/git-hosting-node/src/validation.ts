import { InputError } from '@backstage/errors';

const CONTROL = /\p{Cc}/u;
const MAX_REF = 255;
const MAX_PATH = 4096;
const MAX_SEGMENT = 255;

const show = (value: string) =>
  JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);

/**
 * Throws an InputError naming the rule unless `rev` is a branch, tag or
 * commit id by git's check-ref-format rules, without the parts that make a
 * revision an expression (`..`, `@{`, `^`, `~`, `:`) and without a leading
 * `-`, so it can only ever name one commit.
 */
export function assertRevision(rev: unknown): asserts rev is string {
  const fail = (why: string): never => {
    throw new InputError(
      `Invalid ref ${
        typeof rev === 'string' ? show(rev) : String(rev)
      }: ${why}`,
    );
  };
  if (typeof rev !== 'string' || rev.length === 0)
    fail('a branch, tag or commit id is required');
  const value = rev as string;
  if (value.length > MAX_REF) fail(`longer than ${MAX_REF} characters`);
  if (value.startsWith('-')) fail("it may not start with '-'");
  if (CONTROL.test(value)) fail('control characters are not allowed');
  if (/[ ~^:?*[\\]/.test(value))
    fail("space, '~', '^', ':', '?', '*', '[' and '\\' are not allowed");
  if (value.includes('..')) fail("'..' is not allowed");
  if (value.includes('@{') || value === '@')
    fail("'@{' and '@' are not allowed");
  if (value.startsWith('/') || value.endsWith('/') || value.includes('//'))
    fail("empty parts ('//', a leading or trailing '/') are not allowed");
  if (value.endsWith('.')) fail("it may not end with '.'");
  for (const part of value.split('/')) {
    if (part.startsWith('.')) fail("a part may not start with '.'");
    if (part.endsWith('.lock')) fail("a part may not end with '.lock'");
  }
}

/**
 * A path inside a repository, without empty, `.` or leading slash parts.
 * InputError for `..`, a part starting with `-`, control characters (NUL
 * included) and over-long paths.
 */
export function normalizeRepoPath(filePath: unknown): string {
  if (typeof filePath !== 'string')
    throw new InputError('A path must be a string');
  if (filePath.length > MAX_PATH)
    throw new InputError(`Invalid path: longer than ${MAX_PATH} characters`);
  if (CONTROL.test(filePath))
    throw new InputError(
      `Invalid path ${show(filePath)}: control characters are not allowed`,
    );
  const parts = filePath.split('/').filter(p => p && p !== '.');
  for (const part of parts) {
    if (part === '..')
      throw new InputError(
        `Invalid path ${show(filePath)}: '..' is not allowed`,
      );
    if (part.startsWith('-'))
      throw new InputError(
        `Invalid path ${show(filePath)}: a part may not start with '-'`,
      );
    if (part.length > MAX_SEGMENT)
      throw new InputError(
        `Invalid path ${show(
          filePath,
        )}: a part is longer than ${MAX_SEGMENT} characters`,
      );
  }
  return parts.join('/');
}

/** The folder of the branches change proposals are made on: `launchpad/<slug>`. */
export const CHANGE_BRANCH_PREFIX = 'launchpad/';
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The branch of a change proposal, `launchpad/<slug>`, from its slug. An
 * InputError unless the slug is 1-63 lowercase letters, digits and inner
 * dashes: nothing a ref, a path or an option could be made of.
 */
export function changeBranch(slug: unknown): string {
  if (typeof slug !== 'string' || !SLUG.test(slug)) {
    throw new InputError(
      `Invalid change slug ${
        typeof slug === 'string' ? show(slug) : String(slug)
      }: 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
  return `${CHANGE_BRANCH_PREFIX}${slug}`;
}

/** A full commit id (40 hex), or an InputError naming the field. */
export function assertCommitId(
  field: string,
  value: unknown,
): asserts value is string {
  if (typeof value !== 'string' || !/^[0-9a-f]{40}$/.test(value)) {
    throw new InputError(
      `${field} must be a full commit id (40 lowercase hex digits); got ${
        typeof value === 'string' ? show(value) : String(value)
      }`,
    );
  }
}
