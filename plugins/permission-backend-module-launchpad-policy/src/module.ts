import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';

/** Installs {@link LaunchpadPermissionPolicy} (replaces the allow-all policy). */
export const permissionModuleLaunchpadPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'launchpad-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new LaunchpadPermissionPolicy({
            admins: config.getOptionalStringArray('launchpad.permissions.admins') ?? [
              'group:default/platform',
            ],
          }),
        );
      },
    });
  },
});
