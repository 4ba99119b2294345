import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createAuthIntegrationRouter,
  createCookieAuthRefreshMiddleware,
  createCredentialsBarrier,
  createLifecycleMiddleware,
  createRateLimitMiddleware,
} from '@backstage/backend-defaults/httpRouter';
import Router from 'express-promise-router';
import { createHardenedErrorHandler } from './errors/createHardenedErrorHandler';
import { readHardeningConfig } from './readHardeningConfig';

/**
 * Backstage's per-plugin HTTP router (the same chain as
 * httpRouterServiceFactory in @backstage/backend-defaults 0.18: rate limit,
 * auth integration routes, lifecycle gate, credentials barrier, cookie
 * refresh, the plugin's routes), ending in the hardened error handler instead
 * of MiddlewareFactory.error(). Every plugin answers its errors itself, so
 * this is where stack traces, server paths and 500s for malformed values are
 * kept out of the answers.
 */
export const hardenedHttpRouterServiceFactory = createServiceFactory({
  service: coreServices.httpRouter,
  initialization: 'always',
  deps: {
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    rootHttpRouter: coreServices.rootHttpRouter,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
  },
  async factory({
    auth,
    httpAuth,
    config,
    plugin,
    rootHttpRouter,
    lifecycle,
    logger,
  }) {
    const settings = readHardeningConfig(config);
    const router = Router();
    router.use(createRateLimitMiddleware({ pluginId: plugin.getId(), config }));
    rootHttpRouter.use(`/api/${plugin.getId()}`, router);
    const credentialsBarrier = createCredentialsBarrier({ httpAuth, config });
    router.use(createAuthIntegrationRouter({ auth }));
    router.use(createLifecycleMiddleware({ config, lifecycle }));
    router.use(credentialsBarrier.middleware);
    router.use(createCookieAuthRefreshMiddleware({ auth, httpAuth }));
    const pluginRoutes = Router();
    router.use(pluginRoutes);
    router.use(
      createHardenedErrorHandler({ logger, localMode: settings.localMode }),
    );
    return {
      use(handler) {
        pluginRoutes.use(handler);
      },
      addAuthPolicy(policy) {
        credentialsBarrier.addAuthPolicy(policy);
      },
    };
  },
});
