import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import {
  kubernetesPermissions,
  kubernetesProxyPermission,
} from '@backstage/plugin-kubernetes-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { gitHostingPermissions } from '@internal/plugin-git-hosting-node';
import {
  kubernetesEnvironmentsPermissions,
  kubernetesLogsReadPermission,
} from '@internal/plugin-kubernetes-environments-common';
import { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';
import { permissionRules } from './rules';

function user(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    token: 'token',
    expiresInSeconds: 3600,
    identity: {
      type: 'user',
      userEntityRef: ownershipEntityRefs[0],
      ownershipEntityRefs,
    },
    credentials: {} as PolicyQueryUser['credentials'],
    info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
  } as PolicyQueryUser;
}

describe('LaunchpadPermissionPolicy', () => {
  const policy = new LaunchpadPermissionPolicy({
    admins: ['group:default/platform'],
    templateAuthors: ['user:default/kenji.watanabe'],
  });
  const developer = user('user:default/priya.nair', 'group:default/checkout');
  const admin = user('user:default/ana.lopez', 'group:default/Platform');

  it('has a rule of its own for every permission the portal\u2019s plugins register', () => {
    const registered = [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...kubernetesPermissions,
      ...kubernetesEnvironmentsPermissions,
      ...gitHostingPermissions,
    ].map(p => p.name);
    expect(registered.filter(name => !permissionRules[name])).toEqual([]);
  });

  it('lets a user read logs only of what they or their groups own, as a catalog condition', async () => {
    const decision = await policy.handle(
      { permission: kubernetesLogsReadPermission },
      developer,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/priya.nair', 'group:default/checkout'],
        },
      },
    });
  });

  it('lets platform admins do everything (group refs compared without case)', async () => {
    for (const permission of [
      kubernetesLogsReadPermission,
      kubernetesProxyPermission,
      ...catalogPermissions,
    ]) {
      expect(await policy.handle({ permission }, admin)).toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('denies everything to a caller that is not a signed-in user', async () => {
    for (const permission of [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...kubernetesPermissions,
    ]) {
      expect(await policy.handle({ permission })).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('denies a write nobody wrote a rule for, and lets signed-in users read', async () => {
    const write = {
      type: 'basic' as const,
      name: 'someone.new.write',
      attributes: { action: 'delete' as const },
    };
    const read = {
      type: 'basic' as const,
      name: 'someone.new.read',
      attributes: { action: 'read' as const },
    };
    expect(await policy.handle({ permission: write }, developer)).toEqual({
      result: AuthorizeResult.DENY,
    });
    expect(await policy.handle({ permission: write }, admin)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
    expect(await policy.handle({ permission: read }, developer)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
