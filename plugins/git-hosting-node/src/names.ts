import { InputError } from '@backstage/errors';

/** Repository and organisation names: what is safe as a folder and in a URL. */
const NAME = /^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$/;

/** A repository on the portal's git host. */
export interface RepoRef {
  org: string;
  name: string;
}

/** Throws an InputError that names the field unless `value` is a safe repo/org name. */
export function assertRepoName(
  field: string,
  value: unknown,
): asserts value is string {
  if (typeof value !== 'string' || !NAME.test(value) || value.includes('..')) {
    throw new InputError(
      `${field} must be lowercase letters, digits, '.', '_' or '-', start and end with a letter or digit, at most 100 characters; got ${JSON.stringify(
        value,
      )}`,
    );
  }
}

/** Validates both parts of a repo ref. */
export function assertRepoRef(ref: RepoRef): void {
  assertRepoName('org', ref.org);
  assertRepoName('name', ref.name);
}
