import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { kubernetesLogsReadPermission } from '@internal/plugin-kubernetes-environments-common';
import { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';

function user(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    token: 'token',
    expiresInSeconds: 3600,
    identity: { type: 'user', userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
    credentials: {} as PolicyQueryUser['credentials'],
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  } as PolicyQueryUser;
}

describe('LaunchpadPermissionPolicy', () => {
  const policy = new LaunchpadPermissionPolicy({ admins: ['group:default/platform'] });
  const developer = user('user:default/priya.nair', 'group:default/checkout');
  const admin = user('user:default/ana.lopez', 'group:default/Platform');

  it('lets a user read logs only of what they or their groups own, as a catalog condition', async () => {
    const decision = await policy.handle({ permission: kubernetesLogsReadPermission }, developer);
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['user:default/priya.nair', 'group:default/checkout'] },
      },
    });
  });

  it('lets platform admins read any logs (group refs compared without case)', async () => {
    expect(await policy.handle({ permission: kubernetesLogsReadPermission }, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('keeps the raw Kubernetes proxy to platform admins', async () => {
    expect(await policy.handle({ permission: kubernetesProxyPermission }, developer)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission: kubernetesProxyPermission }, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission: kubernetesProxyPermission })).toEqual({
      result: AuthorizeResult.DENY,
    });
  });

  it('allows everything else, as before', async () => {
    expect(await policy.handle({ permission: catalogEntityReadPermission }, developer)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('gives a caller without ownership claims a condition nothing satisfies', async () => {
    const decision = await policy.handle({ permission: kubernetesLogsReadPermission });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });
});
