import type { Entity } from '@backstage/catalog-model';
import { groupOf, rootsOf, subtreeOf, type OrgGroup } from './orgTree';

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
});
