import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createPublishGitlabAction } from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { gitHostingServiceRef } from '@internal/plugin-git-hosting-node';
import { createGitopsRegisterAction } from './actions/gitopsRegister';
import { createProposeDatabaseWiringAction } from './actions/proposeDatabaseWiring';
import { createPublishAction } from './actions/publish';
import { createRegisterAction } from './actions/register';
import { createRenderAction } from './actions/render';
import { createOwnerGuard } from './services/ownerGuard';
import { DatabaseRepoQuota } from './services/repoQuota';
import { withShapedFailures } from './taskFailures/shapeTaskFailure';

/**
 * Golden path actions: launchpad:render, launchpad:publish (owner must be one
 * of the user's teams, repositories per team per hour), launchpad:gitops-register
 * (the service's Argo CD ApplicationSet in the platform's GitOps repository,
 * in the team's AppProject), launchpad:register, launchpad:database:propose-wiring
 * (a database's consumer gets DATABASE_URL by a change proposal).
 */
export const scaffolderModuleLaunchpad = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'launchpad',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        reader: coreServices.urlReader,
        catalog: catalogServiceRef,
        store: gitHostingServiceRef,
        database: coreServices.database,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({
        scaffolder,
        config,
        reader,
        catalog,
        store,
        database,
        discovery,
        auth,
        logger,
      }) {
        const integrations = ScmIntegrations.fromConfig(config);
        const quota = await DatabaseRepoQuota.create({ database, config });
        const ownerGuard = createOwnerGuard({ catalog, config });
        // A failed step tells its user a reason and what to do, never a
        // stack or a server path; the server log keeps the original error.
        const addActions: typeof scaffolder.addActions = (...actions) =>
          scaffolder.addActions(
            ...actions.map(a => withShapedFailures(a, logger)),
          );
        addActions(
          createRenderAction({ reader, integrations, config }),
          createPublishAction({
            store,
            catalog,
            config,
            integrations,
            ownerGuard,
            quota,
            remotePublishers: {
              github: createPublishGithubAction({
                integrations,
                config,
                githubCredentialsProvider:
                  DefaultGithubCredentialsProvider.fromIntegrations(
                    integrations,
                  ),
              }),
              gitlab: createPublishGitlabAction({ integrations, config }),
            },
          }),
          createGitopsRegisterAction({ store, config, ownerGuard }),
          createRegisterAction({ catalog }),
          createProposeDatabaseWiringAction({
            store,
            catalog,
            config,
            discovery,
            auth,
            ownerGuard,
          }),
        );
      },
    });
  },
});
