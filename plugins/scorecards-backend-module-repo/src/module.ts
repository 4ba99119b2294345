import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scorecardsFactSourcesExtensionPoint } from '@internal/plugin-scorecards-node';
import { RepoFactSource } from './RepoFactSource';

/**
 * Adds the repository fact source (`repo.*`) to the scorecards plugin: facts
 * read from each component's git repository through the portal's UrlReader.
 *
 * @public
 */
export const scorecardsModuleRepoFacts = createBackendModule({
  pluginId: 'scorecards',
  moduleId: 'repo-facts',
  register(env) {
    env.registerInit({
      deps: {
        factSources: scorecardsFactSourcesExtensionPoint,
        urlReader: coreServices.urlReader,
        config: coreServices.rootConfig,
      },
      async init({ factSources, urlReader, config }) {
        factSources.addFactSource(
          RepoFactSource.fromConfig(config, { reader: urlReader }),
        );
      },
    });
  },
});
