import type http from 'node:http';
import { discoveryDocument } from './discoveryDocument';
import { getObject } from './getObject';
import { HttpError, notFoundPath } from './HttpError';
import { listObjects } from './listObjects';
import { parseResourcePath } from './parseResourcePath';
import { podLogText } from './podLogText';
import type { ServedCluster } from './types';

/** A successful answer: JSON, or text (logs, health). */
export type Reply = { json: unknown } | { text: string };

/**
 * Routes a request as kube-apiserver would: health checks without a token,
 * then bearer-token authentication (401), discovery, and the resource paths
 * (list, get, pod logs); 404 for anything else, 405 for methods other than
 * GET. Failures are thrown as HttpError.
 */
export function routeRequest(
  served: ServedCluster,
  req: http.IncomingMessage,
  path: string,
  query: URLSearchParams,
): Reply {
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    return { text: 'ok' };
  }
  if (req.headers.authorization !== `Bearer ${served.token}`) {
    throw new HttpError(401, 'Unauthorized', 'Unauthorized');
  }
  const method = req.method ?? 'GET';
  const discovery = discoveryDocument(path, req.headers.host);
  const resource =
    discovery === undefined ? parseResourcePath(path) : undefined;
  if (discovery === undefined && !resource) throw notFoundPath();
  if (method !== 'GET') {
    throw new HttpError(
      405,
      'MethodNotAllowed',
      `${method} is not implemented by this Kubernetes stand-in: it serves read-only requests (it is not a real cluster)`,
    );
  }
  if (!resource) return { json: discovery };
  const { type, namespace, objectName, subresource } = resource;
  if (objectName === undefined) {
    return { json: listObjects(served.index, type, namespace, query) };
  }
  if (subresource === undefined) {
    return { json: getObject(served.index, type, namespace, objectName) };
  }
  if (
    type.name === 'pods' &&
    subresource === 'log' &&
    namespace !== undefined
  ) {
    return { text: podLogText(served, namespace, objectName, query) };
  }
  throw notFoundPath();
}
