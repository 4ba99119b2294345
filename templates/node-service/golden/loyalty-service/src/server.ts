import { createServer, type Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createApp, type Health } from './app.js';
import type { Config } from './config.js';
import { ItemStore } from './items.js';
import type { Logger } from './logger.js';

export interface RunningServer {
  server: Server;
  health: Health;
  /** The port actually bound (useful when config.port is 0). */
  port: number;
  /** Graceful stop, see shutdown(). Safe to call more than once. */
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const health: Health = { ready: false };
  const server = createServer(createApp({ store: new ItemStore(), health, logger }));
  // Longer than the load balancers' idle timeout (60 s), so they close idle
  // connections first and never send a request on a socket we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  health.ready = true;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info('listening', { port });

  let stopping: Promise<void> | undefined;
  return {
    server,
    health,
    port,
    stop: () => (stopping ??= shutdown(server, health, config, logger)),
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
