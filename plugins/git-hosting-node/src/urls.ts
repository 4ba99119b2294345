import { InputError, NotFoundError } from '@backstage/errors';
import type { RepoRef } from './names';

/** Where the git host's URLs start: <backend.baseUrl>/api/git */
export function gitBaseUrl(backendBaseUrl: string): string {
  return `${backendBaseUrl.replace(/\/+$/, '')}/api/git`;
}

/** The URLs of one repository on the git host. */
export function repoUrls(base: string, ref: RepoRef, branch = 'main') {
  const repo = `${base}/${ref.org}/${ref.name}`;
  return {
    cloneUrl: `${repo}.git`,
    webUrl: repo,
    /** Folder URL for readTree and catalog:register's repoContentsUrl */
    treeUrl: `${repo}/tree/${branch}`,
    rawUrl: (filePath: string) =>
      `${repo}/raw/${branch}/${filePath.replace(/^\/+/, '')}`,
  };
}

/** A parsed file or folder URL on the git host. */
export interface GitFileUrl extends RepoRef {
  kind: 'raw' | 'blob' | 'tree';
  ref: string;
  path: string;
}

/**
 * Parses <base>/<org>/<name>/(raw|blob|tree)/<ref>/<path>. Refs with slashes
 * are not supported (branches here are flat names).
 */
export function parseGitFileUrl(base: string, url: string): GitFileUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`${JSON.stringify(url.slice(0, 200))} is not a URL`);
  }
  const b = new URL(base);
  if (u.origin !== b.origin || !u.pathname.startsWith(`${b.pathname}/`)) {
    throw new NotFoundError(`${url} is not on the portal's git host`);
  }
  let parts: string[];
  try {
    // each segment decoded on its own: an encoded '/' stays inside its segment
    parts = u.pathname
      .slice(b.pathname.length + 1)
      .split('/')
      .map(decodeURIComponent);
  } catch {
    throw new InputError(`${url} has a malformed %-escape`);
  }
  const [org, name, kind, ref, ...rest] = parts;
  if (!org || !name || !ref || !['raw', 'blob', 'tree'].includes(kind)) {
    throw new NotFoundError(
      `${url} is not a file or folder URL of the portal's git host (expected ${base}/<org>/<repo>/raw/<ref>/<path>)`,
    );
  }
  return {
    org,
    name,
    kind: kind as GitFileUrl['kind'],
    ref,
    path: rest.join('/'),
  };
}
