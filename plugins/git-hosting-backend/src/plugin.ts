import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import {
  gitBaseUrl,
  gitHostingServiceRef,
  readGitHostingSettings,
} from '@internal/plugin-git-hosting-node';
import { createRouter } from './router';

/**
 * The portal's git host: repositories created by the golden paths,
 * cloneable with `git clone <backend>/api/git/<org>/<name>.git`. Read-only
 * over HTTP; open in local mode, behind a token otherwise.
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
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
      },
      async init({ store, config, logger, httpRouter, auth, httpAuth }) {
        const baseUrl = gitBaseUrl(config.getString('backend.baseUrl'));
        const settings = readGitHostingSettings(config);
        const localMode = config.getOptionalBoolean('launchpad.localMode') ?? false;
        httpRouter.use(await createRouter({ store, baseUrl, logger, auth, httpAuth, localMode, limits: settings }));
        // git sends Basic auth, which Backstage's own check does not read: the
        // router checks credentials itself (readAccess.ts), and lets anyone
        // in only in local mode.
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
        logger.info(
          localMode
            ? 'Git host: local mode, repositories are readable without a token'
            : 'Git host: reads need a Backstage token (Bearer, or Basic auth with the token as password)',
        );
      },
    });
  },
});
