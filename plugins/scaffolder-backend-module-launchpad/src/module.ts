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
import { createPublishAction } from './actions/publish';
import { createRegisterAction } from './actions/register';
import { createRenderAction } from './actions/render';
import { createOwnerGuard } from './services/ownerGuard';
import { DatabaseRepoQuota } from './services/repoQuota';

/**
 * Golden path actions: launchpad:render, launchpad:publish (owner must be one
 * of the user's teams, repositories per team per hour), launchpad:gitops-register
 * (the service's Argo CD ApplicationSet in the platform's GitOps repository,
 * in the team's AppProject), launchpad:register.
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
      },
      async init({ scaffolder, config, reader, catalog, store, database }) {
        const integrations = ScmIntegrations.fromConfig(config);
        const quota = await DatabaseRepoQuota.create({ database, config });
        const ownerGuard = createOwnerGuard({ catalog, config });
        scaffolder.addActions(
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
        );
      },
    });
  },
});
