import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPolicyRoles } from '@internal/plugin-permission-backend-module-launchpad-policy';
import { createGuardRouter } from './createGuardRouter';

/**
 * Catalog writes by ownership where Backstage's permissions cannot see the
 * target (locations), and "why was I denied?" on every catalog 403.
 */
export const catalogModuleLaunchpadGuard = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'launchpad-guard',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        auditor: coreServices.auditor,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ config, httpRouter, ...services }) {
        const repositoryOwners = (
          config.getOptionalConfigArray(
            'launchpad.permissions.repositoryOwners',
          ) ?? []
        ).map(c => ({ url: c.getString('url'), owner: c.getString('owner') }));
        httpRouter.use(
          createGuardRouter({
            ...services,
            roles: readPolicyRoles(config),
            repositoryOwners,
            gitBase: `${config
              .getString('backend.baseUrl')
              .replace(/\/+$/, '')}/api/git`,
            localMode:
              config.getOptionalBoolean('launchpad.localMode') ?? false,
          }),
        );
      },
    });
  },
});
