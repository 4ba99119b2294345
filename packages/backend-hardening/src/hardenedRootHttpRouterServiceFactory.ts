import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import type { RootLifecycleService } from '@backstage/backend-plugin-api';
import { createHardenedErrorHandler } from './errors/createHardenedErrorHandler';
import { drainOnShutdown } from './lifecycle/drainOnShutdown';
import { capRequestBodies } from './middleware/capRequestBodies';
import { rejectMalformedPaths } from './middleware/rejectMalformedPaths';
import { readHardeningConfig } from './readHardeningConfig';

/**
 * Backstage's root HTTP router (helmet, CORS, compression, request log, rate
 * limit, health, routes, 404, server timeouts from `backend.server`), with:
 * malformed paths refused (400) and request bodies capped (413) before any
 * route, the hardened error handler as the last middleware, and requests in
 * flight drained on shutdown before plugins stop (see drainOnShutdown). Errors inside
 * a plugin's routes are answered by the plugin's own router: see
 * hardenedHttpRouterServiceFactory, which must be installed with this one.
 */
export const hardenedRootHttpRouterServiceFactory =
  rootHttpRouterServiceFactory({
    configure({
      app,
      server,
      lifecycle,
      middleware,
      config,
      logger,
      applyDefaults,
    }) {
      const settings = readHardeningConfig(config);
      // the root lifecycle, typed as the plugin one in the configure context
      drainOnShutdown({
        app,
        server,
        lifecycle: lifecycle as RootLifecycleService,
        config,
        logger,
      });
      app.use(rejectMalformedPaths());
      app.use(
        capRequestBodies({
          maxBodyBytes: settings.maxBodyBytes,
          exemptContentTypes: settings.bodyCapExemptContentTypes,
        }),
      );
      // applyDefaults() ends the chain with middleware.error(): the same factory
      // object, so the hardened handler takes its place there.
      const hardened = createHardenedErrorHandler({
        logger,
        localMode: settings.localMode,
      });
      middleware.error = () => hardened;
      applyDefaults();
    },
  });
