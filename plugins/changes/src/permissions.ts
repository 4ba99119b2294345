import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The git host's permission to open, merge and close change proposals of a
 * repository, on the repository's catalog entity. The same definition as
 * `gitChangesManagePermission` of @internal/plugin-git-hosting-node (a
 * backend package the browser cannot import); permissions are matched by
 * name, so the policy answers both alike.
 */
export const gitChangesManagePermission = createPermission({
  name: 'launchpad.git.changes.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
