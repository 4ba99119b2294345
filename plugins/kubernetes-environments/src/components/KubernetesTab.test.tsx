import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { EnvironmentsResponse } from '@internal/plugin-kubernetes-environments-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  type KubernetesEnvironmentsApi,
  kubernetesEnvironmentsApiRef,
} from '../api/KubernetesEnvironmentsClient';
import { KubernetesTab } from './KubernetesTab';

const entityNamed = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: {
    type: 'service',
    owner: 'group:default/checkout',
    lifecycle: 'production',
  },
});

const cluster = (name: string, overrides: object = {}) => ({
  name,
  status: 'ok' as const,
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
  ...overrides,
});

const view: EnvironmentsResponse = {
  entityRef: 'component:default/orders',
  environments: [
    {
      environment: 'stage',
      clusters: [
        cluster('stage-eu', {
          pods: [
            {
              name: 'orders-7d9-abcde',
              namespace: 'orders',
              phase: 'Running',
              status: 'CrashLoopBackOff',
              ready: '0/1',
              restarts: 12,
              containers: [
                {
                  name: 'app',
                  image: 'orders:1.1.0-rc.2',
                  ready: false,
                  restarts: 12,
                  state: 'waiting',
                  reason: 'CrashLoopBackOff',
                },
              ],
            },
          ],
          problems: [
            {
              severity: 4,
              kind: 'Pod',
              name: 'orders-7d9-abcde',
              namespace: 'orders',
              names: ['orders-7d9-abcde'],
              message: 'back-off 5m0s restarting failed container=app',
              explanation: 'The container app has crashed many times',
              actions: ['Check the crash logs for stacktraces'],
            },
          ],
        }),
      ],
    },
    {
      environment: 'prod',
      clusters: [
        cluster('prod-eu', {
          status: 'unreachable',
          errors: ['Cluster prod-eu did not answer within 5 s'],
        }),
      ],
    },
  ],
  comparison: [
    {
      environment: 'stage',
      status: 'problems',
      imageTags: ['1.1.0-rc.2'],
      replicas: { ready: 0, desired: 1 },
      restarts: 12,
      argo: { syncStatus: 'Synced', healthStatus: 'Degraded' },
      problems: 1,
      worstProblem: '1 of 1 pods CrashLoopBackOff',
    },
    {
      environment: 'prod',
      status: 'unreachable',
      imageTags: [],
      replicas: { ready: 0, desired: 0 },
      restarts: 0,
      problems: 0,
    },
  ],
};

/**
 * Each test renders another component: usePermission caches decisions per
 * permission and resource for the whole test file.
 */
async function renderTab(
  allowed: boolean,
  name: string,
  overrides: Partial<KubernetesEnvironmentsApi> = {},
) {
  const api: KubernetesEnvironmentsApi = {
    getEnvironments: jest.fn(async () => view),
    getPodLogs: jest.fn(),
    ...overrides,
  };
  const authorize = jest.fn(() =>
    allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  );
  const permissionApi = mockApis.permission({ authorize });
  await renderInTestApp(
    <EntityProvider entity={entityNamed(name)}>
      <KubernetesTab />
    </EntityProvider>,
    {
      apis: [
        [kubernetesEnvironmentsApiRef, api],
        [permissionApiRef, permissionApi],
      ],
    },
  );
  return { api, authorize };
}

// Rendering the whole app with MUI tables is slow on a shared machine; no assertion is about time.
jest.setTimeout(30_000);

describe('KubernetesTab', () => {
  it('compares the environments, calls out the crash loop and says which cluster did not answer', async () => {
    const { api } = await renderTab(true, 'orders');
    expect(api.getEnvironments).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'orders',
    });
    const stageRow = (
      await screen.findByText('1 of 1 pods CrashLoopBackOff')
    ).closest('tr')!;
    expect(within(stageRow).getByText('Problems')).toBeInTheDocument();
    expect(within(stageRow).getByText('1.1.0-rc.2')).toBeInTheDocument();
    expect(within(stageRow).getByText('0 / 1')).toBeInTheDocument();
    expect(within(stageRow).getByText('Synced · Degraded')).toBeInTheDocument();
    expect(screen.getByText('Cluster not answering')).toBeInTheDocument();
    expect(
      screen.getByText('Cluster prod-eu did not answer within 5 s'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('problem')).toHaveTextContent(
      'Pod orders-7d9-abcde: back-off 5m0s restarting failed container=appThe container app has crashed many timesWhat to do: Check the crash logs for stacktraces',
    );
    expect(
      screen.getByRole('button', { name: 'Logs of orders-7d9-abcde' }),
    ).toBeEnabled();
  });

  it('disables the logs of a component the user does not own, and asks about this component', async () => {
    const { authorize } = await renderTab(false, 'ledger');
    expect(
      await screen.findByRole('button', { name: 'Logs of orders-7d9-abcde' }),
    ).toBeDisabled();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({ resourceRef: 'component:default/ledger' }),
    );
    // ...saying so next to the pods, not only in a tooltip
    expect(screen.getByTestId('logs-refused')).toHaveTextContent(
      'Only the owners of component:default/ledger (group:default/checkout) and platform admins can read the logs of its pods. Ask group:default/checkout for access.',
    );
  });

  /** What the API client throws for an error answer of the server. */
  const serverError = (status: number, message: string) =>
    ResponseError.fromResponse({
      ok: false,
      status,
      statusText: status === 409 ? 'Conflict' : 'Forbidden',
      url: 'http://localhost/api/kubernetes-environments/entities/component/default/x/logs',
      headers: { get: () => 'application/json' } as any,
      text: async () =>
        JSON.stringify({
          error: {
            name: status === 409 ? 'ConflictError' : 'NotAllowedError',
            message,
          },
          response: { statusCode: status },
        }),
    } as any);

  it.each([
    [
      403,
      'Only the owners of component:default/victim (group:default/payments) and platform admins can read the logs of its pods: pod orders/orders-7d9-abcde carries its kubernetes-id victim. Ask group:default/payments for access',
    ],
    [
      409,
      'kubernetes-id orders is claimed by component:default/orders and component:default/orders-copy; logs stay closed until one of them drops it — ask the platform team',
    ],
  ])(
    "shows the server's refusal (%i) inline in the logs dialog",
    async (status, message) => {
      const error = await serverError(status, message);
      const getPodLogs = jest.fn(async () => {
        throw error;
      });
      await renderTab(true, `orders-refused-${status}`, { getPodLogs });
      // The table re-renders its rows: ask for the button again until the
      // permission hint has answered and enabled it.
      const logsButton = () =>
        screen.getByRole('button', { name: 'Logs of orders-7d9-abcde' });
      await waitFor(() => expect(logsButton()).toBeEnabled(), {
        timeout: 15_000,
      });
      fireEvent.click(logsButton());
      expect(await screen.findByTestId('logs-refused')).toHaveTextContent(
        message,
      );
      expect(getPodLogs).toHaveBeenCalled();
    },
  );

  it('calls out a second entity claiming the kubernetes-id at the top of the tab', async () => {
    const message =
      'kubernetes-id orders is claimed by component:default/orders and component:default/orders-copy; logs stay closed until one of them drops it — ask the platform team';
    await renderTab(true, 'orders-conflict', {
      getEnvironments: jest.fn(async () => ({
        ...view,
        claimConflict: {
          kubernetesId: 'orders',
          entityRefs: [
            'component:default/orders',
            'component:default/orders-copy',
          ],
          message,
        },
      })),
    });
    const callout = await screen.findByTestId('claim-conflict');
    expect(callout).toHaveTextContent('Another entity claims this workload');
    expect(callout).toHaveTextContent(message);
  });

  it('shows no conflict callout when one entity claims the workload', async () => {
    await renderTab(true, 'orders-alone');
    await screen.findByText('1 of 1 pods CrashLoopBackOff');
    expect(screen.queryByTestId('claim-conflict')).toBeNull();
    expect(screen.queryByTestId('logs-refused')).toBeNull();
  });
});
