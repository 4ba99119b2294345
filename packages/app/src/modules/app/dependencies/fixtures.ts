import type { Entity } from '@backstage/catalog-model';

/** A slice of the demo company's catalog, with the relations the catalog derives. */
function entity(
  kind: string,
  name: string,
  type: string | undefined,
  relations: Array<[string, string]>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', uid: `${kind}-${name}` },
    spec: { ...(type && { type }), owner: 'group:default/checkout' },
    relations: relations.map(([type_, targetRef]) => ({
      type: type_,
      targetRef,
    })),
  };
}

export const checkoutService = entity(
  'Component',
  'checkout-service',
  'service',
  [
    ['dependsOn', 'component:default/payments-service'],
    ['dependsOn', 'resource:default/checkout-db'],
    ['consumesApi', 'api:default/orders-api'],
    ['providesApi', 'api:default/checkout-api'],
    ['dependencyOf', 'component:default/storefront-web'],
  ],
);
export const paymentsService = entity(
  'Component',
  'payments-service',
  'service',
  [['dependencyOf', 'component:default/checkout-service']],
);
export const checkoutDb = entity('Resource', 'checkout-db', 'database', [
  ['dependencyOf', 'component:default/checkout-service'],
]);
export const ordersApi = entity('API', 'orders-api', 'openapi', [
  ['apiProvidedBy', 'component:default/orders-service'],
  ['apiConsumedBy', 'component:default/checkout-service'],
]);
export const checkoutApi = entity('API', 'checkout-api', 'openapi', [
  ['apiProvidedBy', 'component:default/checkout-service'],
  ['apiConsumedBy', 'component:default/storefront-web'],
  ['apiConsumedBy', 'component:default/mobile-bff'],
]);
export const storefrontWeb = entity('Component', 'storefront-web', 'website', [
  ['dependsOn', 'component:default/checkout-service'],
  ['consumesApi', 'api:default/checkout-api'],
]);
export const mobileBff = entity('Component', 'mobile-bff', 'service', [
  ['consumesApi', 'api:default/checkout-api'],
]);
export const ordersService = entity('Component', 'orders-service', 'service', [
  ['providesApi', 'api:default/orders-api'],
]);
export const lonely = entity('Component', 'lonely-job', 'job', []);

export const catalog = [
  checkoutService,
  paymentsService,
  checkoutDb,
  ordersApi,
  checkoutApi,
  storefrontWeb,
  mobileBff,
  ordersService,
  lonely,
];
