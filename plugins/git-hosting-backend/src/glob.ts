import { InputError } from '@backstage/errors';
import { Minimatch } from 'minimatch';

/** Limits for {@link compileGlob}. */
export interface GlobLimits {
  maxLength: number;
}

/** `*` and `?` in one path segment: each one more nests the regex's backtracking. */
const MAX_WILDCARDS_PER_SEGMENT = 3;
const MAX_GLOBSTARS = 3;

/**
 * Compiles a search glob once. Brace expansion is off (`{1..20000}` is just
 * text), so are extglobs, comments and negation; the glob's length and its
 * wildcards are capped so matching stays linear-ish in the number of files.
 */
export function compileGlob(pattern: string, limits: GlobLimits): Minimatch {
  const show = JSON.stringify(
    pattern.length > 80 ? `${pattern.slice(0, 80)}…` : pattern,
  );
  if (pattern.length > limits.maxLength) {
    throw new InputError(
      `The glob is ${pattern.length} characters long; at most ${limits.maxLength} are allowed`,
    );
  }
  if (/\p{Cc}/u.test(pattern)) {
    throw new InputError(`The glob ${show} contains control characters`);
  }
  const segments = pattern.split('/');
  if (segments.filter(s => s === '**').length > MAX_GLOBSTARS) {
    throw new InputError(
      `The glob ${show} has more than ${MAX_GLOBSTARS} '**' parts`,
    );
  }
  for (const segment of segments) {
    if (segment === '**') continue;
    const wildcards = (segment.match(/[*?]/g) ?? []).length;
    if (wildcards > MAX_WILDCARDS_PER_SEGMENT) {
      throw new InputError(
        `The glob ${show} has more than ${MAX_WILDCARDS_PER_SEGMENT} wildcards in one part (${JSON.stringify(
          segment,
        )})`,
      );
    }
  }
  return new Minimatch(pattern, {
    dot: true,
    nobrace: true,
    noext: true,
    nocomment: true,
    nonegate: true,
  });
}
