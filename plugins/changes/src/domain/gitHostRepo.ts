import type { Entity } from '@backstage/catalog-model';
import type { GitRepoRef } from '../api/ChangesClient';

const MANAGED_BY = 'backstage.io/managed-by-location';
const SOURCE = 'backstage.io/source-location';
const PATH =
  /\/api\/git\/([a-z0-9][a-z0-9._-]*)\/([a-z0-9][a-z0-9._-]*?)(?:\.git)?(?:\/(?:raw|blob|tree)\/.*)?\/?$/;

function locationUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^url:(.+)$/.exec(value);
  if (!match) return undefined;
  try {
    return new URL(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * The repository of the portal's git host an entity comes from: the
 * location it was registered from (that is how the git host finds a
 * repository's owners), else its source location. With `gitBaseUrl`
 * (`<backend>/api/git`), only URLs under it count; without, any URL whose
 * path looks like the git host's (for the tab's filter, before any API
 * is at hand).
 */
export function gitHostRepoOf(
  entity: Entity,
  gitBaseUrl?: string,
): GitRepoRef | undefined {
  const annotations = entity.metadata.annotations ?? {};
  for (const key of [MANAGED_BY, SOURCE]) {
    const url = locationUrl(annotations[key]);
    if (!url || !['http:', 'https:'].includes(url.protocol)) continue;
    let path = url.pathname;
    if (gitBaseUrl) {
      const base = new URL(gitBaseUrl);
      const basePath = base.pathname.replace(/\/+$/, '');
      if (url.origin !== base.origin || !path.startsWith(`${basePath}/`))
        continue;
      // keep the /api/git prefix the pattern expects, whatever comes before it
      path = `/api/git${path.slice(basePath.length)}`;
    }
    const match = PATH.exec(path);
    if (match) return { org: match[1], name: match[2] };
  }
  return undefined;
}
