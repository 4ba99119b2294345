import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, within } from '@testing-library/react';
import { type ChangesApi, changesApiRef } from '../api/ChangesClient';
import type { ChangeProposal, ChangeStatus } from '../api/types';
import { changeRouteRef } from '../routes';
import { ChangesTab } from './ChangesTab';

// A hang guard, not a timing goal: jsdom with MUI tables on a loaded 2-core machine.
jest.setTimeout(180_000);

const GIT = 'http://portal.test/api/git';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'loyalty', namespace: 'default', annotations },
  spec: {
    type: 'service',
    owner: 'group:default/checkout',
    lifecycle: 'experimental',
  },
});

const proposal = (
  id: string,
  status: ChangeStatus,
  title: string,
): ChangeProposal => ({
  id,
  org: 'checkout',
  repo: 'loyalty',
  branch: `launchpad/${id}`,
  baseCommit: 'a'.repeat(40),
  headCommit: 'b'.repeat(40),
  title,
  description: '',
  author: 'user:default/raj.patel',
  status,
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: `2026-12-01T1${id.length % 10}:00:00.000Z`,
});

async function render(
  annotations: Record<string, string>,
  items: ChangeProposal[] = [],
) {
  const api: ChangesApi = {
    getGitBaseUrl: jest.fn(async () => GIT),
    listChanges: jest.fn(async () => items),
    getChange: jest.fn(),
    mergeChange: jest.fn(),
    closeChange: jest.fn(),
  };
  await renderInTestApp(
    <EntityProvider entity={entity(annotations)}>
      <ChangesTab />
    </EntityProvider>,
    {
      apis: [[changesApiRef, api]],
      mountedRoutes: {
        '/changes/:id': changeRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return api;
}

describe('ChangesTab', () => {
  it('lists the repository\u2019s proposals by status, each linking to its change page', async () => {
    const api = await render(
      {
        'backstage.io/managed-by-location': `url:${GIT}/checkout/loyalty/raw/main/catalog-info.yaml`,
      },
      [
        proposal(
          '11111111-1111-4111-8111-111111111111',
          'open',
          'Wire the orders database',
        ),
        proposal(
          '22222222-2222-4222-8222-222222222222',
          'merged',
          'Upgrade to node-service 1.2.0',
        ),
        proposal(
          '33333333-3333-4333-8333-333333333333',
          'closed',
          '<b>Closed</b> one',
        ),
      ],
    );
    expect(api.listChanges).toHaveBeenCalledWith({
      org: 'checkout',
      name: 'loyalty',
    });
    const tab = await screen.findByTestId('changes-tab');
    expect(
      within(tab).getByRole('link', { name: 'Wire the orders database' }),
    ).toHaveAttribute('href', '/changes/11111111-1111-4111-8111-111111111111');
    expect(screen.queryByText('Upgrade to node-service 1.2.0')).toBeNull();
    expect(screen.getByRole('tab', { name: 'merged (1)' })).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'closed (1)' }));
    expect(
      await screen.findByRole('link', { name: '<b>Closed</b> one' }),
    ).toBeInTheDocument();
    expect(tab.querySelector('b')).toBeNull();
  });

  it('says there are none', async () => {
    await render({
      'backstage.io/managed-by-location': `url:${GIT}/checkout/loyalty/raw/main/catalog-info.yaml`,
    });
    expect(
      await screen.findByText('No open change proposals.'),
    ).toBeInTheDocument();
  });

  it.each([
    [
      'another host',
      {
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/loyalty/blob/main/catalog-info.yaml',
      },
    ],
    [
      'another origin with the same path',
      {
        'backstage.io/managed-by-location':
          'url:http://evil.test/api/git/checkout/loyalty/raw/main/catalog-info.yaml',
      },
    ],
    [
      'a file location',
      { 'backstage.io/managed-by-location': 'file:/work/catalog/all.yaml' },
    ],
    ['no annotations', {}],
  ])('asks nothing for an entity from %s', async (_, annotations) => {
    const api = await render(annotations);
    expect(
      await screen.findByText("Not a repository of the portal's git host"),
    ).toBeInTheDocument();
    expect(api.listChanges).not.toHaveBeenCalled();
  });
});
