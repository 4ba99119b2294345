import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { ItemStore, NewItem } from './items.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import { requestIdFrom, REQUEST_ID_HEADER } from './requestId.js';

/** Flipped by the server: ready once listening, not ready from SIGTERM on. */
export interface Health {
  ready: boolean;
}

export interface AppOptions {
  store: ItemStore;
  health: Health;
  logger: Logger;
  metrics: Metrics;
}

/** Probed every few seconds: not worth a log line each. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

/** Request bodies above this size are refused before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** An error that becomes an RFC 9457 problem response. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

/**
 * The whole HTTP surface of the service, as described by openapi.yaml.
 * Plain node:http: one switch on the path, no framework to keep up to date.
 */
export function createApp({ store, health, logger, metrics }: AppOptions): RequestListener {
  return async (req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Every log line of this request carries its id, and the caller gets it
    // back, so one id finds a request in the caller's logs and in ours.
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader('X-Request-Id', requestId);
    const log = logger.child({ requestId });
    try {
      await route(req, res, url.pathname);
    } catch (error) {
      if (error instanceof HttpError) {
        sendProblem(res, error);
      } else {
        log.error('unhandled error', { path: url.pathname, error: String(error) });
        sendProblem(res, new HttpError(500, 'Internal Server Error'));
      }
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(
        { method: req.method ?? 'GET', route: routeTemplate(url.pathname), status: res.statusCode },
        seconds,
      );
      if (!PROBE_PATHS.has(url.pathname)) {
        log.info('request', { method: req.method, path: url.pathname, status: res.statusCode, durationMs: seconds * 1e3 });
      }
    }
  };

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/healthz') {
      allow(req, ['GET']);
      return sendJson(res, 200, { status: 'ok' });
    }
    if (path === '/readyz') {
      allow(req, ['GET']);
      return health.ready
        ? sendJson(res, 200, { status: 'ready' })
        : sendJson(res, 503, { status: 'not ready' });
    }
    if (path === '/v1/items') {
      if (allow(req, ['GET', 'POST']) === 'GET') {
        return sendJson(res, 200, { items: store.list() });
      }
      const item = store.create(parseNewItem(await readJson(req)));
      res.setHeader('Location', `/v1/items/${item.id}`);
      return sendJson(res, 201, item);
    }
    const match = /^\/v1\/items\/([^/]+)$/.exec(path);
    if (match) {
      allow(req, ['GET']);
      const item = store.get(decodeURIComponent(match[1] ?? ''));
      if (!item) {
        throw new HttpError(404, 'Not Found', `No item with id ${match[1]}`);
      }
      return sendJson(res, 200, item);
    }
    throw new HttpError(404, 'Not Found', `No route for ${path}`);
  }
}

/**
 * The route a path matched, as a metrics label: a template, never the raw
 * path, so ids in paths do not create a time series each.
 */
export function routeTemplate(path: string): string {
  if (path === '/healthz' || path === '/readyz' || path === '/v1/items') {
    return path;
  }
  return /^\/v1\/items\/[^/]+$/.test(path) ? '/v1/items/{id}' : 'unmatched';
}

function allow(req: IncomingMessage, methods: string[]): string {
  const method = req.method ?? 'GET';
  if (!methods.includes(method)) {
    throw new HttpError(405, 'Method Not Allowed', `${method} is not supported here`, {
      Allow: methods.join(', '),
    });
  }
  return method;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'Unsupported Media Type', 'Send a JSON body with Content-Type: application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new HttpError(413, 'Content Too Large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'Bad Request', 'The body is not valid JSON');
  }
}

function parseNewItem(body: unknown): NewItem {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new HttpError(400, 'Bad Request', 'The body must be a JSON object');
  }
  const { name, description } = body as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim().length === 0 || name.length > 100) {
    throw new HttpError(400, 'Bad Request', '"name" must be a non-empty string of at most 100 characters');
  }
  if (description !== undefined && (typeof description !== 'string' || description.length > 1000)) {
    throw new HttpError(400, 'Bad Request', '"description" must be a string of at most 1000 characters');
  }
  return description === undefined ? { name: name.trim() } : { name: name.trim(), description };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendProblem(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(error.status, { 'Content-Type': 'application/problem+json', ...error.headers });
  res.end(JSON.stringify({ type: 'about:blank', title: error.title, status: error.status, detail: error.message }));
}
