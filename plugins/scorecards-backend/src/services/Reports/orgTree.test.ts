import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createOrgTree,
  groupOf,
  ORG_TREE_TTL_MS,
  rootsOf,
  subtreeFrom,
  subtreeOf,
  type OrgGroup,
} from './orgTree';

function group(ref: string, childRefs: string[], parentRef?: string): OrgGroup {
  return { ref, title: ref.split('/')[1], childRefs, parentRef };
}

describe('org tree', () => {
  it('reads a group entity: display name, type, parent and children from relations', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'Engineering', namespace: 'default' },
      spec: {
        type: 'department',
        profile: { displayName: 'Engineering dept' },
      },
      relations: [
        { type: 'childOf', targetRef: 'group:default/northwind' },
        { type: 'parentOf', targetRef: 'group:default/Payments' },
        { type: 'parentOf', targetRef: 'group:default/checkout' },
        { type: 'hasMember', targetRef: 'user:default/ada' },
      ],
    };
    expect(groupOf(entity)).toEqual({
      ref: 'group:default/engineering',
      title: 'Engineering dept',
      type: 'department',
      parentRef: 'group:default/northwind',
      childRefs: ['group:default/checkout', 'group:default/payments'],
    });
  });

  it('walks a subtree parents first, once per group even in a cycle', () => {
    const groups = new Map(
      [
        group('group:default/org', ['group:default/eng', 'group:default/ops']),
        group('group:default/eng', ['group:default/web'], 'group:default/org'),
        group('group:default/web', ['group:default/org'], 'group:default/eng'),
        group('group:default/ops', [], 'group:default/org'),
      ].map(g => [g.ref, g]),
    );
    expect(subtreeOf(groups, 'group:default/eng')).toEqual([
      'group:default/eng',
      'group:default/web',
      'group:default/org',
      'group:default/ops',
    ]);
    expect(subtreeOf(groups, 'group:default/ops')).toEqual([
      'group:default/ops',
    ]);
  });

  it('finds the roots: no parent, or a parent that is not in the catalog', () => {
    const groups = new Map(
      [
        group('group:default/org', ['group:default/eng']),
        group('group:default/eng', [], 'group:default/org'),
        group('group:default/lost', [], 'group:default/gone'),
      ].map(g => [g.ref, g]),
    );
    expect(rootsOf(groups).map(g => g.ref)).toEqual([
      'group:default/lost',
      'group:default/org',
    ]);
  });

  it('takes a team, its parent and its subtree out of every group', () => {
    const all = new Map(
      [
        group('group:default/org', ['group:default/eng']),
        group('group:default/eng', ['group:default/web'], 'group:default/org'),
        group('group:default/web', [], 'group:default/eng'),
      ].map(g => [g.ref, g]),
    );
    const tree = subtreeFrom(all, 'group:default/eng');
    expect(tree.team?.ref).toBe('group:default/eng');
    expect(tree.parent?.ref).toBe('group:default/org');
    expect([...tree.groups.keys()]).toEqual([
      'group:default/eng',
      'group:default/web',
    ]);
    expect(subtreeFrom(all, 'group:default/nobody')).toEqual({
      groups: new Map(),
    });
  });

  it('reads every group once per caller and reuses it for a few seconds', async () => {
    const entity = (name: string, parent?: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team' },
      relations: parent
        ? [{ type: 'childOf', targetRef: `group:default/${parent}` }]
        : [],
    });
    const streamEntities = jest.fn(async function* stream(
      _request: unknown,
      _options: unknown,
    ) {
      yield [entity('org'), entity('eng', 'org')];
    });
    let clock = 0;
    const orgTree = createOrgTree({
      catalog: { streamEntities } as unknown as CatalogService,
      now: () => clock,
    });
    const alice = mockCredentials.user('user:default/alice');
    const bob = mockCredentials.user('user:default/bob');

    expect(
      (await orgTree.subtree('group:default/eng', alice)).parent?.ref,
    ).toBe('group:default/org');
    await orgTree.subtree('group:default/org', alice);
    expect(streamEntities).toHaveBeenCalledTimes(1);
    // another caller reads with their own permissions
    await orgTree.all(bob);
    expect(streamEntities).toHaveBeenCalledTimes(2);
    expect(streamEntities.mock.calls[1][1]).toEqual({ credentials: bob });
    // and a change in the catalog shows once the reuse window is over
    clock += ORG_TREE_TTL_MS;
    await orgTree.all(alice);
    expect(streamEntities).toHaveBeenCalledTimes(3);
  });
});
