import { findResourceType, type ResourceType } from '../resources';
import { badRequest } from './HttpError';

/** A path to a resource: its list, an object, or an object's subresource. */
export interface ResourcePath {
  type: ResourceType;
  /** Undefined for a cluster-wide list and for cluster-scoped resources. */
  namespace?: string;
  objectName?: string;
  subresource?: string;
}

/**
 * Splits /api/{version}/… or /apis/{group}/{version}/… into its parts:
 * [namespaces/{ns}/]{plural}[/{name}[/{subresource}]]. Undefined when it is
 * not a path of a resource the stand-in serves; 400 when its
 * percent-encoding is malformed.
 */
export function parseResourcePath(path: string): ResourcePath | undefined {
  let parts: string[];
  try {
    parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw badRequest(`invalid path (malformed percent-encoding): ${path}`);
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, objectName, subresource, ...extra] = rest;
  if (extra.length > 0) return undefined;
  const type = findResourceType(group, version, plural);
  if (!type) return undefined;
  if (namespace !== undefined && !type.namespaced) return undefined;
  return { type, namespace, objectName, subresource };
}
