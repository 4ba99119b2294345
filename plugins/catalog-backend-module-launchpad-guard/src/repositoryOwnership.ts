const SEGMENT = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The repository a URL points into, as a comparable root: for the portal's
 * git host `<gitBase>/<org>/<repo>`, elsewhere `<origin>/<owner>/<repo>` (the
 * shape of GitHub, GitLab and Bitbucket URLs). Undefined for a URL that names
 * no repository.
 */
export function repositoryRoot(
  url: string,
  gitBase: string,
): string | undefined {
  let u: URL;
  try {
    u = new URL(url.replace(/^url:/, ''));
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const base = new URL(gitBase);
  let prefix = u.origin;
  let rest = u.pathname;
  if (u.origin === base.origin && rest.startsWith(`${base.pathname}/`)) {
    prefix = `${base.origin}${base.pathname}`;
    rest = rest.slice(base.pathname.length);
  }
  const parts = rest
    .split('/')
    .filter(Boolean)
    .slice(0, 2)
    .map(p => decodeURIComponentSafe(p));
  // Owner and repository must be plain names once decoded: an encoded slash,
  // dot segment or control character would make two readings of one URL.
  if (
    parts.length < 2 ||
    parts.some(p => p === undefined || !SEGMENT.test(p) || /^\.+$/.test(p))
  ) {
    return undefined;
  }
  const [owner, repo] = parts as string[];
  return `${prefix}/${owner}/${repo.replace(/\.git$/, '')}`.toLocaleLowerCase(
    'en-US',
  );
}

function decodeURIComponentSafe(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The org (team) of a URL on the portal's git host, lowercase; undefined elsewhere. */
export function gitHostOrg(url: string, gitBase: string): string | undefined {
  const root = repositoryRoot(url, gitBase);
  const base = gitBase.toLocaleLowerCase('en-US').replace(/\/+$/, '');
  if (!root?.startsWith(`${base}/`)) return undefined;
  return root.slice(base.length + 1).split('/')[0];
}

/** A prefix of repository URLs and the team that owns them (`launchpad.permissions.repositoryOwners`). */
export interface RepositoryOwnerRule {
  /** Repository URL prefix, e.g. https://github.com/northwind/checkout- */
  url: string;
  /** Group entity ref of the owning team. */
  owner: string;
}

/**
 * Whether one of the caller's teams owns the repository of `target`: on the
 * portal's git host, the repository's org is the team's name; elsewhere the
 * platform team's configured prefixes say which team owns which
 * repositories. Entity annotations are not evidence: whoever writes a
 * catalog file can put any URL in them.
 */
export function ownsRepository(options: {
  target: string;
  gitBase: string;
  /** The caller's groups, as entity refs (lowercase). */
  groups: string[];
  rules: RepositoryOwnerRule[];
}): boolean {
  const { target, gitBase, groups, rules } = options;
  const root = repositoryRoot(target, gitBase);
  if (!root) return false;
  const org = gitHostOrg(target, gitBase);
  if (org !== undefined) {
    return groups.includes(`group:default/${org}`);
  }
  return rules.some(
    r =>
      groups.includes(r.owner.toLocaleLowerCase('en-US')) &&
      `${root}/`.startsWith(r.url.toLocaleLowerCase('en-US')),
  );
}
