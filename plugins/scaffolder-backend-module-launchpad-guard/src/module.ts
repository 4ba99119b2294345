import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPolicyRoles } from '@internal/plugin-permission-backend-module-launchpad-policy';
import { createTemplateGuardRouter } from './createTemplateGuardRouter';

/** Templates kept to groups (`spec.allowedGroups`): opened, dry-run and run only by them and admins. */
export const scaffolderModuleLaunchpadGuard = createBackendModule({
  pluginId: 'scaffolder',
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
        catalog: catalogServiceRef,
      },
      async init({ config, httpRouter, ...services }) {
        httpRouter.use(createTemplateGuardRouter({ ...services, roles: readPolicyRoles(config) }));
      },
    });
  },
});
