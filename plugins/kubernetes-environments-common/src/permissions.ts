import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the logs of a component's pods. A resource permission on the
 * component, so a policy can grant it to the component's owners (the
 * portal's default policy does, and to its platform admins).
 *
 * @public
 */
export const kubernetesLogsReadPermission = createPermission({
  name: 'launchpad.kubernetes.logs.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the plugin.
 *
 * @public
 */
export const kubernetesEnvironmentsPermissions = [kubernetesLogsReadPermission];
