import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Opening, merging and closing change proposals on a repository of the
 * portal's git host. A resource permission on the repository's catalog
 * entity (the one registered from its catalog-info.yaml), so the policy
 * grants it to that entity's owners and to platform admins; a repository no
 * entity claims is for platform admins only.
 *
 * @public
 */
export const gitChangesManagePermission = createPermission({
  name: 'launchpad.git.changes.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission of the git host.
 *
 * @public
 */
export const gitHostingPermissions = [gitChangesManagePermission];
