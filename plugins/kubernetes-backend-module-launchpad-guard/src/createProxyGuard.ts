import type {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  requireRule,
  type PolicyRoles,
} from '@internal/plugin-permission-backend-module-launchpad-policy';
import type express from 'express';
import Router from 'express-promise-router';

/**
 * Backstage's raw Kubernetes proxy (`/proxy/...`) is the `kubernetes.proxy`
 * permission, platform admins only; the Kubernetes backend refuses others
 * with a bare 403. This answers first, with the rule's sentence and decision
 * id, audited. Services (and static tokens) go on to the backend's own check.
 */
export function createProxyGuard(options: {
  roles: PolicyRoles;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
}): express.Router {
  const router = Router();
  router.use(
    '/proxy',
    requireRule({
      ...options,
      permission: 'kubernetes.proxy',
      target: 'kubernetes:proxy',
    }),
  );
  return router;
}
