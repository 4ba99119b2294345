import { doraKeys, doraKeysOfService } from './doraKeys';
import type { InsightEvent } from './types';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const FROM = Date.parse('2026-10-01T00:00:00Z');
const window = { from: FROM, to: FROM + 14 * DAY };

let n = 0;
const deploy = (
  day: number,
  extra: Partial<InsightEvent> = {},
): InsightEvent => ({
  key: `d${n++}`,
  type: 'deployment',
  service: 'orders',
  environment: 'prod',
  outcome: 'healthy',
  occurredAt: FROM + day * DAY,
  ...extra,
});
const commit = (
  day: number,
  builtAfterHours = 1,
  revision?: string,
): InsightEvent => ({
  key: `c${n++}`,
  type: 'ci',
  service: 'orders',
  outcome: 'success',
  commitAt: FROM + day * DAY,
  occurredAt: FROM + day * DAY + builtAfterHours * HOUR,
  ...(revision ? { revision } : {}),
});
const incident = (
  day: number,
  outcome: 'degraded' | 'restored',
  environment = 'prod',
): InsightEvent => ({
  key: `i${n++}`,
  type: 'incident',
  service: 'orders',
  environment,
  outcome,
  occurredAt: FROM + day * DAY,
});

describe('doraKeysOfService', () => {
  it.each([
    {
      name: 'deployment frequency: 6 prod deployments in two weeks is 3 a week; other environments do not count',
      events: [0, 2, 4, 6, 8, 10]
        .map(d => deploy(d))
        .concat(deploy(1, { environment: 'dev' })),
      expected: { deployments: 6, deploymentsPerWeek: 3 },
    },
    {
      name: 'deployments outside the window do not count',
      events: [deploy(-3), deploy(1), deploy(15)],
      expected: { deployments: 1, deploymentsPerWeek: 0.5 },
    },
    {
      name: 'lead time: each deployment ships the green commits since the previous one (median of 1, 2, 3 and 1 days)',
      events: [
        deploy(-1),
        commit(2),
        commit(1),
        commit(0),
        deploy(3),
        commit(5),
        deploy(6),
      ],
      expected: { deployments: 2, leadTimeMs: 1.5 * DAY },
    },
    {
      name: 'lead time: a commit built after the deployment was not in it; red CI is no change',
      events: [
        deploy(0),
        commit(4),
        { ...commit(5), outcome: 'failure' },
        commit(4.5, 48),
        deploy(6),
      ],
      expected: { deployments: 2, leadTimeMs: 2 * DAY },
    },
    {
      name: 'lead time: a deployment naming its revision uses that commit only',
      events: [
        deploy(0),
        commit(1),
        commit(3, 1, 'abc1234'),
        deploy(5, { revision: 'abc1234' }),
      ],
      expected: { deployments: 2, leadTimeMs: 2 * DAY },
    },
    {
      name: 'change failure rate: deployments followed by an incident before the next, or that failed',
      events: [
        deploy(0),
        incident(1, 'degraded'),
        incident(1.5, 'restored'),
        deploy(2),
        deploy(4, { outcome: 'failed' }),
        deploy(6),
        incident(6.5, 'degraded', 'stage'),
      ],
      expected: { deployments: 4, changeFailureRate: 0.5 },
    },
    {
      name: 'time to restore: median of degraded → restored; a second degraded while open does not restart the clock',
      events: [
        incident(1, 'degraded'),
        incident(1.25, 'degraded'),
        incident(2, 'restored'),
        incident(5, 'degraded'),
        incident(5.5, 'restored'),
        incident(8, 'degraded'),
        incident(8.25, 'restored'),
        incident(9, 'degraded'),
      ],
      expected: {
        deployments: 0,
        timeToRestoreMs: 0.5 * DAY,
        changeFailureRate: undefined,
      },
    },
    {
      name: 'nothing deployed: no rates',
      events: [commit(1)],
      expected: {
        deployments: 0,
        deploymentsPerWeek: 0,
        leadTimeMs: undefined,
        changeFailureRate: undefined,
        timeToRestoreMs: undefined,
      },
    },
  ])('$name', ({ events, expected }) => {
    expect(doraKeysOfService('orders', events, { window })).toMatchObject(
      expected,
    );
  });

  it('over a generated history: daily deployments, every 4th one failing, 2 h to restore, 6 h lead time', () => {
    const events: InsightEvent[] = [];
    for (let day = 0; day < 14; day++) {
      events.push(commit(day, 1, `sha${day}`));
      events.push(deploy(day + 0.25, { revision: `sha${day}` }));
      if (day % 4 === 0) {
        events.push(incident(day + 0.3, 'degraded'));
        events.push(incident(day + 0.3 + 2 / 24, 'restored'));
      }
    }
    const keys = doraKeysOfService('orders', events, { window });
    expect(keys.deployments).toBe(14);
    expect(keys.deploymentsPerWeek).toBe(7);
    expect(keys.leadTimeMs).toBeCloseTo(6 * HOUR, -1);
    expect(keys.changeFailureRate).toBeCloseTo(4 / 14, 10);
    expect(keys.timeToRestoreMs).toBeCloseTo(2 * HOUR, -1);
  });
});

describe('doraKeys', () => {
  it('lists every service that deployed to the environment, with its team', () => {
    const events: InsightEvent[] = [
      deploy(1, { team: 'group:default/checkout' }),
      deploy(1, { service: 'payments' }),
      deploy(1, { service: 'search', environment: 'dev' }),
    ];
    expect(doraKeys(events, { window }).map(k => [k.service, k.team])).toEqual([
      ['orders', 'group:default/checkout'],
      ['payments', undefined],
    ]);
  });
});
