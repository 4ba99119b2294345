import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readPolicyRoles } from '@internal/plugin-permission-backend-module-launchpad-policy';
import { createProxyGuard } from './createProxyGuard';
import { createResourceTypeGuard } from './createResourceTypeGuard';
import { readResourceTypeAllowList } from './resourceTypes';

/**
 * Guards Backstage's Kubernetes backend: its custom-resource query serves
 * only the configured allow-list (never Secrets, ConfigMaps or RBAC objects),
 * and Secrets and ConfigMaps are left out of every entity's objects; the raw
 * proxy refuses everyone but platform admins with the rule's explained 403.
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
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
      },
      async init({ config, httpRouter, logger, ...services }) {
        const allowList = readResourceTypeAllowList(config);
        httpRouter.use(createResourceTypeGuard({ allowList }));
        httpRouter.use(
          createProxyGuard({ ...services, roles: readPolicyRoles(config) }),
        );
        logger.info(
          `Kubernetes custom-resource query limited to: ${allowList.describe()}`,
        );
      },
    });
  },
});
