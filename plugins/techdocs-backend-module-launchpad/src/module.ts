import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  TechdocsGenerator,
  techdocsGeneratorExtensionPoint,
} from '@backstage/plugin-techdocs-node';
import { LaunchpadMkdocsGenerator } from './generator/LaunchpadMkdocsGenerator';
import { DEFAULT_LIMITS } from './generator/types';

/**
 * TechDocs builds that treat a team's docs as hostile input (see README):
 * replaces the techdocs backend's generator.
 */
export const techdocsModuleLaunchpad = createBackendModule({
  pluginId: 'techdocs',
  moduleId: 'launchpad',
  register(reg) {
    reg.registerInit({
      deps: {
        generators: techdocsGeneratorExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auditor: coreServices.auditor,
      },
      async init({ generators, config, logger, auditor }) {
        const c = config.getOptionalConfig('launchpad.techdocs');
        const generator = new LaunchpadMkdocsGenerator({
          logger,
          auditor,
          mkdocsCommand: c?.getOptionalString('mkdocsCommand') ?? 'mkdocs',
          limits: {
            maxFiles:
              c?.getOptionalNumber('maxFiles') ?? DEFAULT_LIMITS.maxFiles,
            maxBytes:
              c?.getOptionalNumber('maxBytes') ?? DEFAULT_LIMITS.maxBytes,
            maxDepth: DEFAULT_LIMITS.maxDepth,
            timeoutMs:
              (c?.getOptionalNumber('buildTimeoutSeconds') ??
                DEFAULT_LIMITS.timeoutMs / 1000) * 1000,
          },
        });
        // The extension point is typed with Backstage's class; only run() is called
        generators.setTechdocsGenerator(
          generator as unknown as TechdocsGenerator,
        );
      },
    });
  },
});
