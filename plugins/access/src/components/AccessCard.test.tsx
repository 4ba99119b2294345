import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { accessApiRef, type AccessApi } from '../api/AccessClient';
import { AccessCard } from './AccessCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-service' },
  },
  spec: {
    type: 'service',
    owner: 'group:default/payments',
    lifecycle: 'production',
  },
};

describe('AccessCard', () => {
  it('shows what the user may do, and inline why not for the rest', async () => {
    const asked: string[] = [];
    const api: AccessApi = {
      async explain({ permission, resourceRef }) {
        asked.push(`${permission} ${resourceRef}`);
        const allowed = permission === 'catalog.entity.refresh';
        return {
          decisionId: '00000000-0000-0000-0000-000000000000',
          result: allowed ? 'ALLOW' : 'DENY',
          permission,
          rule: 'entity-owners',
          who: "the entity's owners",
          askWhom: allowed ? [] : ['group:default/payments'],
          message: `denied ${permission}. Ask group:default/payments.`,
        };
      },
    };
    await renderInTestApp(
      <TestApiProvider apis={[[accessApiRef, api]]}>
        <EntityProvider entity={entity}>
          <AccessCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Refresh from its source: you may'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Unregister or delete: you may not'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'denied catalog.entity.delete. Ask group:default/payments.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'denied launchpad.kubernetes.logs.read. Ask group:default/payments.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/denied catalog.entity.refresh/),
    ).not.toBeInTheDocument();
    expect(asked.sort()).toEqual([
      'catalog.entity.delete component:default/payments-service',
      'catalog.entity.refresh component:default/payments-service',
      'launchpad.kubernetes.logs.read component:default/payments-service',
    ]);
  });
});
