import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { kubernetesLogsReadPermission } from '@internal/plugin-kubernetes-environments-common';

/**
 * The portal's policy. Everything stays allowed (a portal people browse
 * freely) except:
 * - reading a component's pod logs: its owners (the user or one of their
 *   groups owns it) and platform admins;
 * - Backstage's raw Kubernetes proxy, which reaches any object of any
 *   cluster: platform admins only (it would otherwise bypass the rule above).
 */
export class LaunchpadPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;

  constructor(options: { admins: string[] }) {
    this.admins = new Set(options.admins.map(a => a.toLocaleLowerCase('en-US')));
  }

  private isAdmin(user?: PolicyQueryUser): boolean {
    return (user?.info.ownershipEntityRefs ?? []).some(ref =>
      this.admins.has(ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (isPermission(permission, kubernetesProxyPermission)) {
      return { result: this.isAdmin(user) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (
      isPermission(permission, kubernetesLogsReadPermission) &&
      isResourcePermission(permission, 'catalog-entity')
    ) {
      if (this.isAdmin(user)) return { result: AuthorizeResult.ALLOW };
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
