import type http from 'node:http';
import { failureStatus } from './failureStatus';
import { HttpError } from './HttpError';
import { routeRequest } from './routeRequest';
import { sendJson, sendText } from './sendResponse';
import type { RecordedRequest, ServedCluster } from './types';

/** How many requests a stand-in remembers for tests. */
const RECORDED_REQUESTS = 1000;

/** Answers one request, records it in `requests`, and turns failures into `Status` objects. */
export function handleRequest(
  served: ServedCluster,
  requests: RecordedRequest[],
  req: http.IncomingMessage,
  res: http.ServerResponse,
): void {
  const url = new URL(req.url ?? '/', 'http://standin');
  const path =
    url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
  const record = (status: number) => {
    requests.push({
      method: req.method ?? 'GET',
      path,
      query: Object.fromEntries(url.searchParams),
      status,
    });
    if (requests.length > RECORDED_REQUESTS)
      requests.splice(0, requests.length - RECORDED_REQUESTS);
  };
  try {
    const reply = routeRequest(served, req, path, url.searchParams);
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
