import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { ApiDefinitionFallbackProcessor } from './ApiDefinitionFallbackProcessor';
import { createPlaceholderResolvers } from './placeholderResolvers';

/**
 * Replaces the catalog's `$text`/`$yaml`/`$json` placeholder resolvers so that
 * entities from `file` locations can reference files beside them, and an
 * unreachable remote definition does not keep an entity out of the catalog.
 * APIs without a definition document (newer upstream types) are kept too.
 * Also applies `catalog.allowedLocationTypes`, so local mode can register
 * `file` locations through the API and the register page.
 */
export const catalogModuleLocalFiles = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-files',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, locations, config, logger }) {
        const allowed = config.getOptionalStringArray('catalog.allowedLocationTypes');
        if (allowed) {
          locations.setAllowedLocationTypes(allowed);
        }
        const resolvers = createPlaceholderResolvers({ logger });
        for (const [key, resolver] of Object.entries(resolvers)) {
          catalog.addPlaceholderResolver(key, resolver);
        }
        catalog.addProcessor(new ApiDefinitionFallbackProcessor());
      },
    });
  },
});
