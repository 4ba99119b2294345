import { entityRouteRef } from '@backstage/plugin-catalog-react';
// Shared by the fleet view's tests. usePermission caches its answer per
// permission for a whole test file, so the allowed and the refused cases
// live in two files.
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  type TemplateUpgradesApi,
  templateUpgradesApiRef,
} from '../../api/TemplateUpgradesClient';
import type { TemplateFleet } from '../../api/types';
import { changeRouteRef } from '../../routes';
import { FleetView } from '../FleetPage';

export const fleet: TemplateFleet = {
  template: 'template:default/node-service',
  currentVersion: '1.3.0',
  services: [
    {
      entityRef: 'component:default/loyalty',
      owner: 'group:default/checkout',
      version: '1.3.0',
      behind: 'current',
    },
    {
      entityRef: 'component:default/orders',
      owner: 'group:default/checkout',
      version: '1.1.0',
      behind: 'minor',
      proposal: {
        id: '44444444-4444-4444-8444-444444444444',
        url: '/changes/44444444-4444-4444-8444-444444444444',
        status: 'open',
        conflicts: [
          'charts/orders/values.yaml',
          '<img src=x onerror=alert(1)>',
        ],
      },
    },
    {
      entityRef: 'component:default/gateway',
      owner: 'group:default/web',
      version: '0.9.0',
      behind: 'major',
      proposal: {
        id: '55555555-5555-4555-8555-555555555555',
        url: 'https://github.com/acme/gateway/pull/7',
        status: 'merged',
        conflicts: [],
      },
    },
    {
      entityRef: 'component:default/legacy',
      owner: 'group:default/web',
      version: null,
      behind: 'unknown',
      proposal: {
        id: '66666666-6666-4666-8666-666666666666',
        // eslint-disable-next-line no-script-url
        url: 'javascript:alert(1)',
        status: 'closed',
        conflicts: [],
      },
    },
  ],
};

let permissionCounter = 0;
export async function renderFleet(
  allowed: boolean,
  api: Partial<TemplateUpgradesApi> = {},
) {
  const upgrades: TemplateUpgradesApi = {
    getTemplates: jest.fn(async () => [
      {
        ref: 'template:default/node-service',
        title: 'Node.js service',
        currentVersion: '1.3.0',
        services: 4,
        behind: 3,
      },
      {
        ref: 'template:default/go-service',
        title: 'Go service',
        currentVersion: '1.1.0',
        services: 0,
        behind: 0,
      },
    ]),
    getFleet: jest.fn(async () => fleet),
    proposeUpgrades: jest.fn(async () => ({})),
    ...api,
  };
  const authorize = jest.fn(() =>
    allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  );
  permissionCounter++;
  const { container } = await renderInTestApp(<FleetView />, {
    apis: [
      [templateUpgradesApiRef, upgrades],
      [permissionApiRef, mockApis.permission({ authorize })],
    ],
    mountedRoutes: {
      '/changes/:id': changeRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
    initialRouteEntries: [`/template-upgrades?x=${permissionCounter}`],
  });
  return { upgrades, authorize, container };
}
