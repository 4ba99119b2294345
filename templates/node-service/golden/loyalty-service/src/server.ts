import { createServer, type RequestListener, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp, type Health } from './app.js';
import type { Config } from './config.js';
import { ItemStore } from './items.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';

export interface RunningServer {
  server: Server;
  health: Health;
  /** The port actually bound (useful when config.port is 0). */
  port: number;
  /** The port of GET /metrics actually bound. */
  metricsPort: number;
  /** Graceful stop, see shutdown(). Safe to call more than once. */
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const health: Health = { ready: false };
  const metrics = createMetrics();
  const server = createServer(createApp({ store: new ItemStore(), health, logger, metrics }));
  // Longer than the load balancers' idle timeout (60 s), so they close idle
  // connections first and never send a request on a socket we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  const metricsServer = createServer(metricsHandler(metrics));
  const metricsPort = await listen(metricsServer, config.metricsPort);
  const port = await listen(server, config.port);
  health.ready = true;
  logger.info('listening', { port, metricsPort });

  let stopping: Promise<void> | undefined;
  return {
    server,
    health,
    port,
    metricsPort,
    // Metrics keep being served while the API drains, then stop with it.
    stop: () =>
      (stopping ??= shutdown(server, health, config, logger).then(() => {
        metricsServer.closeAllConnections();
        return new Promise<void>(resolve => metricsServer.close(() => resolve()));
      })),
  };
}

async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}

/** GET /metrics in Prometheus text format; nothing else on that port. */
function metricsHandler(metrics: Metrics): RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here\n');
      return;
    }
    metrics.registry.metrics().then(
      body => res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  };
}

/**
 * 1. report not ready, so Kubernetes takes the pod out of the Service;
 * 2. keep serving for shutdownDelayMs while that propagates;
 * 3. stop accepting, finish in-flight requests, close idle keep-alive sockets;
 * 4. give up on stragglers after shutdownTimeoutMs.
 */
export async function shutdown(server: Server, health: Health, config: Config, logger: Logger): Promise<void> {
  health.ready = false;
  logger.info('shutting down', { delayMs: config.shutdownDelayMs });
  await sleep(config.shutdownDelayMs);
  const closed = new Promise<void>((resolve, reject) =>
    server.close(error => (error ? reject(error) : resolve())),
  );
  server.closeIdleConnections();
  const timeout = sleep(config.shutdownTimeoutMs, 'timeout' as const, { ref: false });
  if ((await Promise.race([closed, timeout])) === 'timeout') {
    logger.warn('shutdown timed out, closing remaining connections');
    server.closeAllConnections();
  }
  logger.info('stopped');
}
