import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { createPlaceholderResolvers } from './placeholderResolvers';

/**
 * Replaces the catalog's `$text`/`$yaml`/`$json` placeholder resolvers so that
 * entities from `file` locations can reference files beside them, and an
 * unreachable remote definition does not keep an entity out of the catalog.
 */
export const catalogModuleLocalFiles = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-files',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ catalog, logger }) {
        const resolvers = createPlaceholderResolvers({ logger });
        for (const [key, resolver] of Object.entries(resolvers)) {
          catalog.addPlaceholderResolver(key, resolver);
        }
      },
    });
  },
});
