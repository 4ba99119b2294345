import { loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const running = await startServer(config, logger);

// Kubernetes sends SIGTERM on every rollout and node drain; Ctrl-C sends SIGINT.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info('signal received', { signal });
    running.stop().then(
      () => process.exit(0),
      error => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
