import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { createPublishGithubAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createPublishGitlabAction } from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { gitHostingServiceRef } from '@internal/plugin-git-hosting-node';
import { createPublishAction } from './actions/publish';
import { createRegisterAction } from './actions/register';
import { createRenderAction } from './actions/render';

/** Golden path actions: launchpad:render, launchpad:publish, launchpad:register. */
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
      },
      async init({ scaffolder, config, reader, catalog, store }) {
        const integrations = ScmIntegrations.fromConfig(config);
        scaffolder.addActions(
          createRenderAction({ reader, integrations, config }),
          createPublishAction({
            store,
            catalog,
            config,
            integrations,
            remotePublishers: {
              github: createPublishGithubAction({
                integrations,
                config,
                githubCredentialsProvider: DefaultGithubCredentialsProvider.fromIntegrations(integrations),
              }),
              gitlab: createPublishGitlabAction({ integrations, config }),
            },
          }),
          createRegisterAction({ catalog }),
        );
      },
    });
  },
});
