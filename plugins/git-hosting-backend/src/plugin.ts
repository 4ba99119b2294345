import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { gitBaseUrl, gitHostingServiceRef } from '@internal/plugin-git-hosting-node';
import { createRouter } from './router';

/**
 * The portal's git host (local mode): repositories created by the golden
 * paths, cloneable with `git clone <backend>/api/git/<org>/<name>.git`.
 */
export const gitHostingPlugin = createBackendPlugin({
  pluginId: 'git',
  register(env) {
    env.registerInit({
      deps: {
        store: gitHostingServiceRef,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ store, config, logger, httpRouter }) {
        const baseUrl = gitBaseUrl(config.getString('backend.baseUrl'));
        httpRouter.use(await createRouter({ store, baseUrl, logger }));
        // Local mode: cloning and reading need no token (the host is read-only).
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
