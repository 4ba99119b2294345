import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '@backstage/plugin-catalog-node';
import { catalogModelExtensionPoint } from '@backstage/plugin-catalog-node/alpha';
import { ApiDefinitionFallbackProcessor } from './ApiDefinitionFallbackProcessor';
import { readLocalFilesConfig } from './config';
import { FileLocationGuard } from './files/FileLocationGuard';
import { LocalFileReaderProcessor } from './files/LocalFileReaderProcessor';
import { LocationTargetGuard } from './files/LocationTargetGuard';
import { OrgSourcePolicy } from './orgSources/OrgSourcePolicy';
import { OrgSourceProcessor } from './orgSources/OrgSourceProcessor';
import { safeEntityDataParser } from './files/yamlErrors';
import { createPlaceholderResolvers } from './placeholderResolvers';
import { createLocationRegistrationGuard } from './registration/createLocationRegistrationGuard';

/**
 * The catalog's `file` locations, made safe, and the organisation's sources:
 * - `file` locations are read by {@link LocalFileReaderProcessor} instead of
 *   Backstage's FileReaderProcessor: only under `launchpad.catalog.fileRoots`
 *   or the configured catalog.locations' folders (real paths), regular files
 *   under a size cap, with a time limit, and YAML errors that quote nothing;
 * - registering a `file` location over the API is off outside local mode,
 *   and refused with a 400 (without reading) when the file is not allowed;
 *   the files such a location lists are held to the same rules
 *   ({@link LocationTargetGuard});
 * - User and Group entities come only from `launchpad.catalog.orgSources`
 *   (a registered file declaring them is refused as a whole, on its location);
 * - YAML errors of every location type name a position, not the text;
 * - `$text`/`$yaml`/`$json` read files beside a file location (same rules,
 *   inside the declaring file's folder), and an unreachable remote
 *   definition does not keep an entity out of the catalog;
 * - APIs without a definition document (newer upstream types) are kept.
 */
export const catalogModuleLocalFiles = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-files',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        locations: catalogLocationsExtensionPoint,
        model: catalogModelExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
      },
      async init({ catalog, locations, model, config, logger, httpRouter }) {
        const settings = readLocalFilesConfig(config);
        const allowed = config.getOptionalStringArray(
          'catalog.allowedLocationTypes',
        ) ?? ['url'];
        if (!settings.localMode && allowed.includes('file')) {
          logger.warn(
            'catalog.allowedLocationTypes lists file, but launchpad.localMode is false: file locations cannot be registered through the API',
          );
        }
        locations.setAllowedLocationTypes(
          settings.localMode
            ? allowed
            : allowed.filter(type => type !== 'file'),
        );

        const guard = new FileLocationGuard(settings);
        const orgPolicy = new OrgSourcePolicy(
          settings.orgSources,
          settings.localMode,
        );
        httpRouter.use(createLocationRegistrationGuard(guard));
        catalog.addProcessor(
          new LocalFileReaderProcessor(guard, orgPolicy),
          new LocationTargetGuard(guard),
          new OrgSourceProcessor(orgPolicy),
          new ApiDefinitionFallbackProcessor(),
        );
        // YAML errors quote nothing for url locations either.
        model.setEntityDataParser(safeEntityDataParser);

        const resolvers = createPlaceholderResolvers({
          logger,
          limits: {
            maxBytes: settings.maxFileBytes,
            timeoutMs: settings.readTimeoutMs,
          },
        });
        for (const [key, resolver] of Object.entries(resolvers)) {
          catalog.addPlaceholderResolver(key, resolver);
        }
      },
    });
  },
});
