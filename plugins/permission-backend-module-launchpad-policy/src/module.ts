import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';
import type { PolicyRoles } from './roles';
import { createExplainRouter } from './router';

/** Reads `launchpad.permissions` (admins default to the platform group). */
export function readPolicyRoles(config: Config): PolicyRoles {
  const admins = config.getOptionalStringArray(
    'launchpad.permissions.admins',
  ) ?? ['group:default/platform'];
  return {
    admins,
    templateAuthors:
      config.getOptionalStringArray('launchpad.permissions.templateAuthors') ??
      [],
  };
}

/**
 * Installs {@link LaunchpadPermissionPolicy} in place of the allow-all policy,
 * and the explain endpoint (POST /api/permission/launchpad/explain).
 */
export const permissionModuleLaunchpadPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'launchpad-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({
        policy,
        config,
        httpRouter,
        httpAuth,
        userInfo,
        auth,
        catalog,
      }) {
        const roles = readPolicyRoles(config);
        policy.setPolicy(new LaunchpadPermissionPolicy(roles));
        httpRouter.use(
          createExplainRouter({ roles, httpAuth, userInfo, auth, catalog }),
        );
      },
    });
  },
});
