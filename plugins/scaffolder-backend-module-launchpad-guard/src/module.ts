import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readPolicyRoles } from '@internal/plugin-permission-backend-module-launchpad-policy';
import { createTaskGuardRouter } from './createTaskGuardRouter';
import { createTemplateGuardRouter } from './createTemplateGuardRouter';

/**
 * Templates kept to groups (`spec.allowedGroups`): opened, dry-run and run
 * only by them and admins; tasks read by their initiator, the team they were
 * created for, and admins (one by one and in the task list); explained 403s.
 */
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
        discovery: coreServices.discovery,
        auditor: coreServices.auditor,
        database: coreServices.database,
        catalog: catalogServiceRef,
      },
      async init({ config, httpRouter, ...services }) {
        const roles = readPolicyRoles(config);
        httpRouter.use(createTemplateGuardRouter({ ...services, roles }));
        httpRouter.use(createTaskGuardRouter({ ...services, roles }));
      },
    });
  },
});
