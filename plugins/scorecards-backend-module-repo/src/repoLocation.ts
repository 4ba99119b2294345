import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  type Entity,
  parseLocationRef,
} from '@backstage/catalog-model';

function urlTarget(ref: string | undefined): URL | undefined {
  if (!ref?.trim()) return undefined;
  try {
    const { type, target } = parseLocationRef(ref.trim());
    if (type !== 'url') return undefined;
    const url = new URL(target);
    return ['http:', 'https:'].includes(url.protocol) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where an entity's repository can be read, best first: its
 * `backstage.io/source-location` (a folder URL, e.g. `.../tree/main/`), then
 * the folder of the file it was registered from
 * (`backstage.io/managed-by-location`, e.g. `.../blob/main/catalog-info.yaml`
 * gives `.../blob/main/`). Only `url` locations count: a `file` location is
 * a file on the portal's disk, not a repository. Empty when neither is a URL.
 */
export function repoFolderUrls(entity: Entity): string[] {
  const annotations = entity.metadata.annotations ?? {};
  const urls: string[] = [];
  const source = urlTarget(annotations[ANNOTATION_SOURCE_LOCATION]);
  if (source) urls.push(source.href);
  const managedBy = urlTarget(annotations[ANNOTATION_LOCATION]);
  if (managedBy) {
    managedBy.pathname = managedBy.pathname.replace(/[^/]*$/, '');
    managedBy.search = '';
    managedBy.hash = '';
    if (!urls.includes(managedBy.href)) urls.push(managedBy.href);
  }
  return urls;
}
