import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { callerOf, type PolicyRoles } from './roles';
import { ruleFor } from './rules';

/**
 * The portal's policy: every permission decided by its rule in
 * {@link permissionRules} (see the README's table), by ownership where a
 * resource has an owner. A caller that is not a signed-in user is denied
 * everything (service-to-service calls never reach a policy).
 */
export class LaunchpadPermissionPolicy implements PermissionPolicy {
  constructor(private readonly roles: PolicyRoles) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const caller = callerOf(this.roles, user);
    if (!caller.userEntityRef) return { result: AuthorizeResult.DENY };
    return ruleFor(request.permission).decide(caller, request.permission);
  }
}
