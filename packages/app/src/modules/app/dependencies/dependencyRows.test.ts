import { dependenciesOf, relatedRefs } from './dependencyRows';
import {
  catalog,
  checkoutApi,
  checkoutDb,
  checkoutService,
  lonely,
} from './fixtures';

describe('dependenciesOf', () => {
  it('lists what a service needs and who needs it, the consumers of its APIs included', () => {
    const deps = dependenciesOf(checkoutService, catalog);
    expect(deps.dependsOn).toEqual([
      {
        entityRef: 'api:default/orders-api',
        kind: 'api',
        type: 'openapi',
        how: 'consumes this API',
      },
      {
        entityRef: 'component:default/orders-service',
        kind: 'component',
        type: 'service',
        how: 'provides orders-api, which it consumes',
      },
      {
        entityRef: 'component:default/payments-service',
        kind: 'component',
        type: 'service',
        how: 'depends on it',
      },
      {
        entityRef: 'resource:default/checkout-db',
        kind: 'resource',
        type: 'database',
        how: 'its database',
      },
    ]);
    // storefront-web is related twice (dependsOn and through the API): one row, both ways
    expect(deps.usedBy).toEqual([
      {
        entityRef: 'component:default/mobile-bff',
        kind: 'component',
        type: 'service',
        how: 'consumes its API checkout-api',
      },
      {
        entityRef: 'component:default/storefront-web',
        kind: 'component',
        type: 'website',
        how: 'depends on it; consumes its API checkout-api',
      },
    ]);
  });

  it('gives an API its providers and consumers, and a database its dependents', () => {
    const api = dependenciesOf(checkoutApi, catalog);
    expect(api.dependsOn.map(r => [r.entityRef, r.how])).toEqual([
      ['component:default/checkout-service', 'provides this API'],
    ]);
    expect(api.usedBy.map(r => [r.entityRef, r.how])).toEqual([
      ['component:default/mobile-bff', 'consumes this API'],
      ['component:default/storefront-web', 'consumes this API'],
    ]);
    const db = dependenciesOf(checkoutDb, catalog);
    expect(db.dependsOn).toEqual([]);
    expect(db.usedBy.map(r => r.entityRef)).toEqual([
      'component:default/checkout-service',
    ]);
  });

  it('keeps rows whose entity the catalog does not return (no type), and never lists the entity itself', () => {
    const deps = dependenciesOf(checkoutService, []);
    expect(deps.dependsOn.map(r => [r.entityRef, r.type])).toEqual([
      ['api:default/orders-api', undefined],
      ['component:default/payments-service', undefined],
      ['resource:default/checkout-db', undefined],
    ]);
    // Without the API entities, their consumers cannot be known
    expect(deps.usedBy.map(r => r.entityRef)).toEqual([
      'component:default/storefront-web',
    ]);
    const selfish = {
      ...lonely,
      relations: [
        { type: 'dependsOn', targetRef: 'component:default/lonely-job' },
      ],
    };
    expect(dependenciesOf(selfish, catalog)).toEqual({
      dependsOn: [],
      usedBy: [],
    });
  });

  it('asks the catalog for every related entity once', () => {
    expect(relatedRefs(checkoutService)).toEqual([
      'api:default/checkout-api',
      'api:default/orders-api',
      'component:default/payments-service',
      'component:default/storefront-web',
      'resource:default/checkout-db',
    ]);
    expect(relatedRefs(lonely)).toEqual([]);
  });
});
