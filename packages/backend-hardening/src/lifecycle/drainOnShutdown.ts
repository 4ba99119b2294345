import type {
  LoggerService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { Express, Request } from 'express';
import type { Server } from 'node:http';

/** Requests that stay open by design (long polls, event streams): never waited for. */
function isLongLived(req: Request): boolean {
  return (
    /^\/api\/events\/bus\/v1\/subscriptions\/[^/]+\/events$/.test(req.path) ||
    req.path.endsWith('/eventstream') ||
    (req.headers.accept ?? '').includes('text/event-stream')
  );
}

const readMs = (config: Config, key: string, fallback: number) =>
  config.has(key)
    ? durationToMilliseconds(readDurationFromConfig(config, { key }))
    : fallback;

/**
 * Graceful shutdown of the HTTP server. Backstage (1.55) on SIGTERM turns
 * readiness to 503, waits backend.lifecycle.serverShutdownDelay, stops the
 * plugins, then closes the server and the database pools at the same time:
 * a request still running then loses its database and its calls to other
 * plugins, and a long poll (the events bus holds one ~55 s) holds the exit.
 * This waits, before plugins stop, for the requests in flight (up to
 * launchpad.http.drainTimeout, default 30 s) and closes what stays open
 * (long polls, streams) when the server stops.
 */
export function drainOnShutdown(options: {
  app: Express;
  server: Server;
  lifecycle: RootLifecycleService;
  config: Config;
  logger: LoggerService;
}): void {
  const { app, server, lifecycle, config, logger } = options;
  const delayMs = readMs(config, 'backend.lifecycle.serverShutdownDelay', 0);
  const timeoutMs = readMs(config, 'launchpad.http.drainTimeout', 30_000);
  const open = new Set<Request>();
  app.use((req, res, next) => {
    if (!isLongLived(req)) {
      open.add(req);
      res.once('close', () => open.delete(req));
    }
    next();
  });
  lifecycle.addBeforeShutdownHook(async () => {
    await new Promise(resolve => setTimeout(resolve, delayMs));
    const deadline = Date.now() + timeoutMs;
    if (open.size > 0) logger.info(`Draining ${open.size} requests in flight`);
    while (open.size > 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    if (open.size > 0)
      logger.warn(
        `${open.size} requests still open after the drain timeout, closing them`,
      );
  });
  lifecycle.addShutdownHook(async () => {
    server.closeAllConnections();
  });
}
