import type http from 'node:http';
import { failureStatus } from './failureStatus';
import { HttpError, badRequest } from './HttpError';
import { routeRequest } from './routeRequest';
import { sendJson, sendText } from './sendResponse';
import type { RecordedRequest, ServedCluster } from './types';

/** How many requests a stand-in remembers for tests. */
const RECORDED_REQUESTS = 1000;

/** The request target as a URL; undefined when it is not one (e.g. `//`). */
function parseRequestTarget(target: string): URL | undefined {
  try {
    return new URL(target, 'http://standin');
  } catch {
    return undefined;
  }
}

function withoutTrailingSlash(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

/** Answers one request, records it in `requests`, and turns failures into `Status` objects. */
export function handleRequest(
  served: ServedCluster,
  requests: RecordedRequest[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const url = parseRequestTarget(req.url ?? '/');
  const path = url ? withoutTrailingSlash(url.pathname) : req.url ?? '/';
  const query = url?.searchParams ?? new URLSearchParams();
  const record = (status: number) => {
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(query),
      status,
    });
    if (requests.length > RECORDED_REQUESTS)
      requests.splice(0, requests.length - RECORDED_REQUESTS);
  };
  try {
    if (!url) throw badRequest(`invalid request path: ${path}`);
    const reply = routeRequest(served, req, path, query);
    record(200);
    if ('text' in reply) sendText(res, 200, reply.text);
    else sendJson(res, 200, reply.json);
  } catch (e) {
    const err =
      e instanceof HttpError
        ? e
        : new HttpError(
            500,
            'InternalError',
            `Internal error occurred: ${(e as Error).message}`,
          );
    record(err.code);
    sendJson(
      res,
      err.code,
      failureStatus(err.code, err.reason, err.message, err.details),
    );
  }
}
