import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogCollatorExtensionPoint } from '@backstage/plugin-search-backend-module-catalog';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { launchpadEntityTransformer } from './entityTransformer';
import { RankedSearchEngine } from './RankedSearchEngine';
import { launchpadQueryTranslator } from './ranking/queryTranslator';

/**
 * Search on Postgres that finds things: Backstage's Postgres engine (its
 * table, tsvector and indexer) with Launchpad's query translator, results
 * ranked by name match and kind, and catalog documents that carry names,
 * tags and owners. Replaces `@backstage/plugin-search-backend-module-pg` in
 * the backend (an engine can be registered once).
 */
export const searchModuleLaunchpad = createBackendModule({
  pluginId: 'search',
  moduleId: 'launchpad',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        catalogCollator: catalogCollatorExtensionPoint,
        database: coreServices.database,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({
        searchEngineRegistry,
        catalogCollator,
        database,
        config,
        logger,
      }) {
        catalogCollator.setEntityTransformer(launchpadEntityTransformer);
        if (!(await PgSearchEngine.supported(database))) {
          throw new Error(
            'Launchpad search needs Postgres 12 or newer (backend.database)',
          );
        }
        const engine = await PgSearchEngine.fromConfig(config, {
          database,
          logger,
        });
        engine.setTranslator(launchpadQueryTranslator);
        searchEngineRegistry.setSearchEngine(new RankedSearchEngine(engine));
      },
    });
  },
});
