import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  ClusterView,
  ComparisonRow,
  EnvironmentsResponse,
} from '@internal/plugin-kubernetes-environments-common';
import { screen, within } from '@testing-library/react';
import {
  type KubernetesEnvironmentsApi,
  kubernetesEnvironmentsApiRef,
} from '../api/KubernetesEnvironmentsClient';
import { KubernetesTab } from './KubernetesTab';

const newService = (
  name: string,
  annotations: Record<string, string> = {},
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name, ...annotations },
  },
  spec: {
    type: 'service',
    owner: 'group:default/checkout',
    lifecycle: 'experimental',
  },
});

const emptyCluster = (name: string): ClusterView => ({
  name,
  status: 'ok',
  errors: [],
  deployments: [],
  replicaSets: [],
  pods: [],
  horizontalPodAutoscalers: [],
  services: [],
  ingresses: [],
  applications: [],
  problems: [],
  warningEvents: [],
});

const row = (
  environment: string,
  status: ComparisonRow['status'],
): ComparisonRow => ({
  environment,
  status,
  imageTags: [],
  replicas: { ready: 0, desired: 0 },
  restarts: 0,
  problems: 0,
});

/** dev and stage have a cluster that runs nothing of it; prod has no cluster at all. */
const notDeployed: EnvironmentsResponse = {
  entityRef: 'component:default/loyalty-service',
  environments: [
    { environment: 'dev', clusters: [emptyCluster('dev')] },
    { environment: 'stage', clusters: [emptyCluster('stage')] },
    { environment: 'prod', clusters: [] },
  ],
  comparison: [
    row('dev', 'not-deployed'),
    row('stage', 'not-deployed'),
    row('prod', 'no-clusters'),
  ],
};

async function renderTab(
  entity: ReturnType<typeof newService>,
  response: EnvironmentsResponse,
  config: object = {},
) {
  const api: KubernetesEnvironmentsApi = {
    getEnvironments: jest.fn(async () => response),
    getPodLogs: jest.fn(),
  };
  await renderInTestApp(
    <EntityProvider entity={entity}>
      <KubernetesTab />
    </EntityProvider>,
    {
      apis: [
        [kubernetesEnvironmentsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({ authorize: () => AuthorizeResult.ALLOW }),
        ],
      ],
      config: config as any,
    },
  );
}

jest.setTimeout(30_000);

describe('the Kubernetes tab of a service that runs nowhere yet', () => {
  it('says "Not deployed yet" and what will deploy it, not "No cluster is configured"', async () => {
    await renderTab(
      newService('loyalty-service', {
        'argocd/app-selector': 'backstage.io/kubernetes-id=loyalty-service',
        'backstage.io/source-location':
          'url:http://localhost:7007/api/git/checkout/loyalty-service',
        'launchpad.io/template': 'template:default/node-service',
      }),
      notDeployed,
    );
    const callout = await screen.findByTestId('not-deployed');
    expect(callout).toHaveTextContent('Not deployed yet');
    expect(callout).toHaveTextContent(
      'Nothing of loyalty-service runs in dev, stage yet.',
    );
    expect(callout).toHaveTextContent(/first CI run on the default branch/);
    expect(callout).toHaveTextContent(
      /applications labelled backstage.io\/kubernetes-id=loyalty-service/,
    );
    expect(
      within(callout).getByRole('link', { name: /^Repository/ }),
    ).toHaveAttribute(
      'href',
      'http://localhost:7007/api/git/checkout/loyalty-service',
    );
    // No Argo CD template configured: no Argo CD link at all
    expect(screen.queryByRole('link', { name: /Open in Argo CD/ })).toBeNull();
    expect(
      screen.queryByRole('button', { name: /Open in Argo CD/ }),
    ).toBeNull();
    // The environments with a cluster read "Not deployed"; the one without says so
    expect(screen.getAllByText('Not deployed')).toHaveLength(2);
    expect(screen.getByText('No cluster configured')).toBeInTheDocument();
    expect(
      screen.getAllByText('Nothing of this component runs in this cluster.'),
    ).toHaveLength(2);
    expect(
      screen.getAllByText('No cluster is configured for this environment.'),
    ).toHaveLength(1);
  });

  it('says nobody has set up its GitOps application yet, and links Argo CD from configuration', async () => {
    await renderTab(newService('ledger'), notDeployed, {
      launchpad: {
        links: {
          argocd:
            'https://argocd.example.com/applications?labels=backstage.io%2Fkubernetes-id%3D{kubernetesId}',
        },
      },
    });
    const callout = await screen.findByTestId('not-deployed');
    expect(callout).toHaveTextContent(/No GitOps application selects it yet/);
    expect(
      within(callout).queryByRole('link', { name: /^Repository/ }),
    ).toBeNull();
    expect(
      within(callout).getByRole('link', { name: /^Open in Argo CD/ }),
    ).toHaveAttribute(
      'href',
      'https://argocd.example.com/applications?labels=backstage.io%2Fkubernetes-id%3Dledger',
    );
  });

  it('does not say "not deployed" when one environment runs it, nor when no cluster is configured at all', async () => {
    await renderTab(newService('orders'), {
      ...notDeployed,
      comparison: [
        { ...row('dev', 'ok'), imageTags: ['1.0.0'] },
        row('stage', 'not-deployed'),
        row('prod', 'no-clusters'),
      ],
    });
    await screen.findByText('Healthy');
    expect(screen.queryByTestId('not-deployed')).toBeNull();
  });

  it('does not say "not deployed" when no environment has a cluster', async () => {
    await renderTab(newService('nowhere'), {
      entityRef: 'component:default/nowhere',
      environments: [{ environment: 'dev', clusters: [] }],
      comparison: [row('dev', 'no-clusters')],
    });
    await screen.findByText('No cluster is configured for this environment.');
    expect(screen.queryByTestId('not-deployed')).toBeNull();
  });
});
