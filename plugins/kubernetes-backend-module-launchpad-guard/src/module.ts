import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { createResourceTypeGuard } from './createResourceTypeGuard';
import { readResourceTypeAllowList } from './resourceTypes';

/**
 * Guards Backstage's Kubernetes backend: its custom-resource query serves
 * only the configured allow-list (never Secrets, ConfigMaps or RBAC objects),
 * and Secrets and ConfigMaps are left out of every entity's objects.
 *
 * A module's init runs before its plugin's, and the module gets the
 * plugin's own httpRouter, so this middleware sits in front of every route
 * the Kubernetes backend adds.
 */
export const kubernetesModuleLaunchpadGuard = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'launchpad-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
      },
      async init({ config, httpRouter, logger }) {
        const allowList = readResourceTypeAllowList(config);
        httpRouter.use(createResourceTypeGuard({ allowList }));
        logger.info(`Kubernetes custom-resource query limited to: ${allowList.describe()}`);
      },
    });
  },
});
