import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import { format, transports } from 'winston';
import { loadPrebuiltConfigSchema } from './prebuiltConfigSchema';

/**
 * Backstage's root logger (JSON lines with a timestamp when NODE_ENV=production, config secrets
 * redacted), with the config schema `npm run build:backend` compiled into
 * dist/config-schema.json (compiled once, shared with the app backend). The
 * default compiles every package's config.d.ts with TypeScript at each start
 * (about 7 s and 300 MB); without the file (dev loop, tests) it still does.
 */
export const rootLoggerServiceFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const logger = WinstonLogger.create({
      meta: { service: 'backstage' },
      level:
        process.env.LOG_LEVEL ||
        config.getOptionalString('backend.logger.level') ||
        'info',
      format:
        process.env.NODE_ENV === 'production'
          ? // each line says when it happened (ISO 8601, UTC): a log pipeline
            // or two replicas' logs read side by side need it
            format.combine(format.timestamp(), format.json())
          : WinstonLogger.colorFormat(),
      transports: [new transports.Console()],
    });
    const schema = await loadPrebuiltConfigSchema();
    const secrets = await createConfigSecretEnumerator({ logger, schema });
    logger.addRedactions(secrets(config));
    config.subscribe?.(() => logger.addRedactions(secrets(config)));
    return logger;
  },
});
