import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createOwnershipService } from '../Ownership/createOwnershipService';
import { CATALOG_FACTS, CatalogFactSource } from './CatalogFactSource';

function entity(
  kind: string,
  name: string,
  extra: Partial<Entity> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    ...extra,
    metadata: { name, namespace: 'default', ...extra.metadata },
  } as Entity;
}

const rel = (type: string, targetRef: string) => ({ type, targetRef });

const catalogEntities: Entity[] = [
  entity('Group', 'checkout', {
    relations: [
      rel('hasMember', 'user:default/ada'),
      rel('hasMember', 'user:default/gone'),
    ],
  }),
  entity('Group', 'ghosts', {
    relations: [rel('hasMember', 'user:default/gone')],
  }),
  entity('User', 'ada'),
  entity('Template', 'node-service', {
    metadata: {
      name: 'node-service',
      annotations: { 'launchpad.io/template-version': '1.1.0' },
    },
  }),
];

const complete = entity('Component', 'checkout-service', {
  metadata: {
    name: 'checkout-service',
    description: 'Owns baskets',
    annotations: {
      'backstage.io/techdocs-ref': 'dir:.',
      'launchpad.io/template': 'template:default/node-service',
      'launchpad.io/template-version': '1.1.0',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/checkout',
    system: 'checkout',
  },
  relations: [
    rel('ownedBy', 'group:default/checkout'),
    rel('partOf', 'system:default/checkout'),
    rel('providesApi', 'api:default/checkout-api'),
    rel('providesApi', 'api:default/checkout-events'),
  ],
});

const neglected = entity('Component', 'legacy', {
  metadata: {
    name: 'legacy',
    description: '  ',
    annotations: {
      'launchpad.io/template': 'template:default/node-service',
      'launchpad.io/template-version': '1.0.0',
    },
  },
  spec: { type: 'service', lifecycle: 'deprecated', owner: 'ghosts' },
  relations: [rel('ownedBy', 'group:default/ghosts')],
});

const lost = entity('Component', 'lost', {
  metadata: { name: 'lost' },
  spec: { type: 'service', owner: 'user:default/nobody' },
});

describe('CatalogFactSource', () => {
  const catalog = catalogServiceMock({ entities: catalogEntities });
  const source = new CatalogFactSource({
    catalog,
    auth: mockServices.auth(),
    ownership: createOwnershipService({ catalog }),
  });

  it('provides every catalog fact of a well-kept service', async () => {
    const facts = await source.retrieve([complete]);
    expect(facts.get('component:default/checkout-service')).toEqual({
      'catalog.hasOwner': true,
      'catalog.owner': 'group:default/checkout',
      'catalog.ownerExists': true,
      'catalog.ownerIsGroup': true,
      'catalog.ownerActiveMembers': 1,
      'catalog.hasDescription': true,
      'catalog.type': 'service',
      'catalog.lifecycle': 'production',
      'catalog.hasSystem': true,
      'catalog.system': 'system:default/checkout',
      'catalog.providesApis': 2,
      'catalog.hasTechDocs': true,
      'catalog.fromGoldenPath': true,
      'catalog.template': 'template:default/node-service',
      'catalog.templateVersion': '1.1.0',
      'catalog.templateCurrentVersion': '1.1.0',
      'catalog.onCurrentTemplateVersion': true,
    });
    expect(
      Object.keys(facts.get('component:default/checkout-service')!).sort(),
    ).toEqual(Object.keys(CATALOG_FACTS).sort());
  });

  it('counts only members that are in the catalog, and sees a golden path version behind', async () => {
    const facts = (await source.retrieve([neglected])).get(
      'component:default/legacy',
    )!;
    expect(facts).toMatchObject({
      'catalog.ownerExists': true,
      'catalog.ownerIsGroup': true,
      'catalog.ownerActiveMembers': 0,
      'catalog.hasDescription': false,
      'catalog.hasSystem': false,
      'catalog.providesApis': 0,
      'catalog.hasTechDocs': false,
      'catalog.onCurrentTemplateVersion': false,
      'catalog.templateCurrentVersion': '1.1.0',
    });
  });

  it('reads spec.owner when there is no relation, and knows a missing owner', async () => {
    const facts = (await source.retrieve([lost])).get(
      'component:default/lost',
    )!;
    expect(facts).toMatchObject({
      'catalog.hasOwner': true,
      'catalog.owner': 'user:default/nobody',
      'catalog.ownerExists': false,
      'catalog.ownerIsGroup': false,
      'catalog.ownerActiveMembers': 0,
      'catalog.lifecycle': null,
      'catalog.fromGoldenPath': false,
      'catalog.onCurrentTemplateVersion': false,
    });
  });
});
