import type { WorkloadHealth } from '../database/types';
import { observeWorkloads } from './observeWorkloads';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const ROLLED = '2026-12-01T11:00:00Z';

function deployment(options: {
  ready: number;
  replicas?: number;
  revision?: string;
  generation?: number;
  observed?: number;
  id?: string | null;
}) {
  const replicas = options.replicas ?? 2;
  return {
    metadata: {
      name: 'orders',
      namespace: 'fulfilment',
      generation: options.generation ?? 3,
      labels:
        options.id === null
          ? {}
          : { 'backstage.io/kubernetes-id': options.id ?? 'orders-service' },
      annotations: {
        'deployment.kubernetes.io/revision': options.revision ?? '7',
      },
    },
    spec: {
      replicas,
      template: { spec: { containers: [{ image: 'orders:1.2.3' }] } },
    },
    status: {
      observedGeneration: options.observed ?? options.generation ?? 3,
      updatedReplicas: replicas,
      availableReplicas: options.ready,
      conditions: [
        { type: 'Available', lastTransitionTime: '2026-12-01T11:30:00Z' },
        { type: 'Progressing', lastUpdateTime: ROLLED },
      ],
    },
  };
}

const WORKLOAD = 'dev-1/fulfilment/orders';
const before = (healthy: boolean): Map<string, WorkloadHealth> =>
  new Map([
    [
      WORKLOAD,
      {
        workload: WORKLOAD,
        service: 'orders-service',
        environment: 'dev',
        healthy,
        since: 0,
      },
    ],
  ]);

describe('observeWorkloads', () => {
  it.each([
    {
      name: 'first sight, healthy: a deployment at its rollout, no incident',
      d: deployment({ ready: 2 }),
      previous: new Map(),
      events: [['deployment', 'healthy', Date.parse(ROLLED)]],
      healthy: true,
    },
    {
      name: 'first sight, unavailable: an incident since the Available condition, no deployment',
      d: deployment({ ready: 1 }),
      previous: new Map(),
      events: [['incident', 'degraded', Date.parse('2026-12-01T11:30:00Z')]],
      healthy: false,
    },
    {
      name: 'healthy before, unavailable now: degraded',
      d: deployment({ ready: 0 }),
      previous: before(true),
      events: [['incident', 'degraded', Date.parse('2026-12-01T11:30:00Z')]],
      healthy: false,
    },
    {
      name: 'unavailable before, healthy now: restored now, and the rollout',
      d: deployment({ ready: 2 }),
      previous: before(false),
      events: [
        ['deployment', 'healthy', Date.parse(ROLLED)],
        ['incident', 'restored', NOW],
      ],
      healthy: true,
    },
    {
      name: 'a rollout the controller has not observed yet is not healthy',
      d: deployment({ ready: 2, generation: 4, observed: 3 }),
      previous: before(true),
      events: [['incident', 'degraded', Date.parse('2026-12-01T11:30:00Z')]],
      healthy: false,
    },
    {
      name: 'unchanged health: only the (deduplicated) deployment again',
      d: deployment({ ready: 2 }),
      previous: before(true),
      events: [['deployment', 'healthy', Date.parse(ROLLED)]],
      healthy: undefined,
    },
    {
      name: 'a Deployment without backstage.io/kubernetes-id is not a service',
      d: deployment({ ready: 2, id: null }),
      previous: new Map(),
      events: [],
      healthy: undefined,
    },
  ])('$name', ({ d, previous, events, healthy }) => {
    const result = observeWorkloads({
      cluster: 'dev-1',
      environment: 'dev',
      deployments: [d],
      previous,
      now: NOW,
    });
    expect(result.events.map(e => [e.type, e.outcome, e.occurredAt])).toEqual(
      events,
    );
    for (const e of result.events)
      expect(e).toMatchObject({
        service: 'orders-service',
        environment: 'dev',
      });
    expect(result.health.map(h => h.healthy)).toEqual(
      healthy === undefined ? [] : [healthy],
    );
  });

  it('keys a deployment by workload and revision, so every poll of it is one event', () => {
    const keys = [1, 2].map(
      () =>
        observeWorkloads({
          cluster: 'dev-1',
          environment: 'dev',
          deployments: [deployment({ ready: 2 })],
          previous: before(true),
          now: NOW,
        }).events[0].key,
    );
    expect(keys[0]).toBe(keys[1]);
    const next = observeWorkloads({
      cluster: 'dev-1',
      environment: 'dev',
      deployments: [deployment({ ready: 2, revision: '8' })],
      previous: before(true),
      now: NOW,
    });
    expect(next.events[0].key).not.toBe(keys[0]);
  });
});
