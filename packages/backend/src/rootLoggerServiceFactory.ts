import fs from 'node:fs';
import path from 'node:path';
import { coreServices, createServiceFactory } from '@backstage/backend-plugin-api';
import { createConfigSecretEnumerator } from '@backstage/backend-defaults/rootConfig';
import { WinstonLogger } from '@backstage/backend-defaults/rootLogger';
import { loadConfigSchema } from '@backstage/config-loader';
import { format, transports } from 'winston';

/**
 * Backstage's root logger (JSON when NODE_ENV=production, config secrets
 * redacted), with the config schema `npm run build:backend` compiled into
 * dist/config-schema.json. The default compiles every package's config.d.ts
 * with TypeScript at each start (about 7 s and 300 MB); without the file
 * (dev loop, tests) it still does.
 */
export const rootLoggerServiceFactory = createServiceFactory({
  service: coreServices.rootLogger,
  deps: { config: coreServices.rootConfig },
  async factory({ config }) {
    const logger = WinstonLogger.create({
      meta: { service: 'backstage' },
      level: process.env.LOG_LEVEL || config.getOptionalString('backend.logger.level') || 'info',
      format: process.env.NODE_ENV === 'production' ? format.json() : WinstonLogger.colorFormat(),
      transports: [new transports.Console()],
    });
    const prebuilt = path.resolve(__dirname, 'config-schema.json');
    const schema = fs.existsSync(prebuilt)
      ? await loadConfigSchema({ serialized: JSON.parse(fs.readFileSync(prebuilt, 'utf-8')) })
      : undefined;
    const secrets = await createConfigSecretEnumerator({ logger, schema });
    logger.addRedactions(secrets(config));
    config.subscribe?.(() => logger.addRedactions(secrets(config)));
    return logger;
  },
});
