import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  gitBaseUrl,
  gitHostingPermissions,
  gitHostingServiceRef,
  readGitHostingSettings,
} from '@internal/plugin-git-hosting-node';
import { createChangeProposalService } from './changes/ChangeProposalService';
import { ChangeProposalStore } from './changes/database/ChangeProposalStore';
import { createRouter } from './router';

/**
 * The portal's git host: repositories created by the golden paths,
 * cloneable with `git clone <backend>/api/git/<org>/<name>.git`. Read-only
 * over git's protocol; open in local mode, behind a token otherwise. Changes
 * to an existing repository arrive as change proposals (a branch
 * launchpad/<slug>), merged by the owners of the repository's catalog entity.
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
        auditor: coreServices.auditor,
        database: coreServices.database,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init({
        store,
        config,
        logger,
        httpRouter,
        auth,
        httpAuth,
        auditor,
        database,
        permissions,
        permissionsRegistry,
        catalog,
      }) {
        const baseUrl = gitBaseUrl(config.getString('backend.baseUrl'));
        const settings = readGitHostingSettings(config);
        const localMode =
          config.getOptionalBoolean('launchpad.localMode') ?? false;
        permissionsRegistry.addPermissions(gitHostingPermissions);
        const service = createChangeProposalService({
          git: store,
          proposals: await ChangeProposalStore.create({ database }),
          catalog,
          auth,
          permissions,
          baseUrl,
          maxDiffBytes: settings.maxDiffBytes,
          committer: {
            name:
              config.getOptionalString(
                'launchpad.goldenPaths.commitAuthor.name',
              ) ?? 'Launchpad',
            email:
              config.getOptionalString(
                'launchpad.goldenPaths.commitAuthor.email',
              ) ?? 'launchpad@northwind.example',
          },
        });
        httpRouter.use(
          await createRouter({
            store,
            baseUrl,
            logger,
            auth,
            httpAuth,
            localMode,
            limits: settings,
            changes: { service, auditor },
          }),
        );
        // git sends Basic auth, which Backstage's own check does not read: the
        // router checks credentials itself (readAccess.ts), and lets anyone
        // in only in local mode. Writes (change proposals) need a user's token.
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
