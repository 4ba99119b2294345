import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the audit trail (`GET /api/audit/events`, `/events/:id`) and
 * verifying its hash chain (`GET /api/audit/verify`). Granted to platform
 * admins only by the portal's policy.
 *
 * @public
 */
export const auditEventsReadPermission = createPermission({
  name: 'audit.events.read',
  attributes: { action: 'read' },
});

/**
 * Every permission the audit plugin registers.
 *
 * @public
 */
export const auditPermissions = [auditEventsReadPermission];
