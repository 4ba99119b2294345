import { adoptionFunnel } from './adoptionFunnel';
import type { InsightEvent } from './types';

const MIN = 60_000;
const T0 = Date.parse('2026-11-01T09:00:00Z');

/** What happens to one generated service after its task started at `start`. */
interface Journey {
  template?: string;
  team?: string;
  /** Minutes from the task's start to each step; undefined: never happened. */
  repository?: number;
  ci?: Array<{ at: number; outcome: string }>;
  deployments?: Array<{ at: number; environment: string; outcome?: string }>;
}

/** A generated history: one task per journey, its own service, its events at the given minutes. */
function history(journeys: Journey[]): InsightEvent[] {
  const events: InsightEvent[] = [];
  journeys.forEach((j, i) => {
    const service = `svc-${i}`;
    const start = T0 + i * 24 * 60 * MIN;
    const common = {
      service,
      team: j.team ?? 'group:default/checkout',
      template: j.template ?? 'template:default/node-service',
    };
    events.push({
      ...common,
      key: `task:${i}`,
      type: 'task',
      outcome: j.repository === undefined ? 'failed' : 'completed',
      occurredAt: start,
    });
    if (j.repository !== undefined)
      events.push({
        ...common,
        key: `repository:${i}`,
        type: 'repository',
        outcome: 'created',
        occurredAt: start + j.repository * MIN,
        detail: { taskKey: `task:${i}` },
      });
    (j.ci ?? []).forEach((c, n) =>
      events.push({
        service,
        key: `github:${i}-${n}`,
        type: 'ci',
        outcome: c.outcome,
        occurredAt: start + c.at * MIN,
      }),
    );
    (j.deployments ?? []).forEach((d, n) =>
      events.push({
        service,
        key: `k8s:${i}-${n}`,
        type: 'deployment',
        environment: d.environment,
        outcome: d.outcome ?? 'healthy',
        occurredAt: start + d.at * MIN,
      }),
    );
  });
  return events;
}

const complete = (repo: number, ci: number, deploy: number): Journey => ({
  repository: repo,
  ci: [{ at: ci, outcome: 'success' }],
  deployments: [{ at: deploy, environment: 'dev' }],
});

describe('adoptionFunnel', () => {
  it.each([
    {
      name: 'every step taken: counts and medians of each step',
      journeys: [complete(1, 11, 21), complete(2, 22, 42), complete(3, 33, 63)],
      expected: { tasks: 3, repositories: 3, greenCi: 3, healthy: 3 },
      medians: { repo: 2, ci: 20, deploy: 20 },
    },
    {
      name: 'an even count takes the mean of the middle two',
      journeys: [complete(1, 2, 3), complete(3, 4, 5)],
      expected: { tasks: 2, repositories: 2, greenCi: 2, healthy: 2 },
      medians: { repo: 2, ci: 1, deploy: 1 },
    },
    {
      name: 'a failed task stops at the first step',
      journeys: [{}, complete(4, 14, 24)],
      expected: { tasks: 2, repositories: 1, greenCi: 1, healthy: 1 },
      medians: { repo: 4, ci: 10, deploy: 10 },
    },
    {
      name: 'red CI is no green CI; the first green one after red counts',
      journeys: [
        { repository: 1, ci: [{ at: 5, outcome: 'failure' }] },
        {
          repository: 1,
          ci: [
            { at: 5, outcome: 'failure' },
            { at: 31, outcome: 'success' },
            { at: 41, outcome: 'success' },
          ],
          deployments: [{ at: 40, environment: 'dev' }],
        },
      ],
      expected: { tasks: 2, repositories: 2, greenCi: 1, healthy: 1 },
      medians: { repo: 1, ci: 30, deploy: 9 },
    },
    {
      name: 'green CI before the repository existed does not count',
      journeys: [{ repository: 10, ci: [{ at: 5, outcome: 'success' }] }],
      expected: { tasks: 1, repositories: 1, greenCi: 0, healthy: 0 },
      medians: { repo: 10, ci: undefined, deploy: undefined },
    },
    {
      name: 'deployments elsewhere, failed or before the green CI do not count',
      journeys: [
        {
          repository: 1,
          ci: [{ at: 10, outcome: 'success' }],
          deployments: [
            { at: 5, environment: 'dev' },
            { at: 20, environment: 'stage' },
            { at: 25, environment: 'dev', outcome: 'failed' },
          ],
        },
      ],
      expected: { tasks: 1, repositories: 1, greenCi: 1, healthy: 0 },
      medians: { repo: 1, ci: 9, deploy: undefined },
    },
  ])('$name', ({ journeys, expected, medians }) => {
    const [row] = adoptionFunnel(history(journeys));
    expect(row).toEqual({
      template: 'template:default/node-service',
      team: 'group:default/checkout',
      tasks: expected.tasks,
      repositories: expected.repositories,
      greenCi: expected.greenCi,
      healthyDeployments: expected.healthy,
      medianMs: {
        taskToRepository:
          medians.repo === undefined ? undefined : medians.repo * MIN,
        repositoryToGreenCi:
          medians.ci === undefined ? undefined : medians.ci * MIN,
        greenCiToHealthyDeployment:
          medians.deploy === undefined ? undefined : medians.deploy * MIN,
      },
    });
  });

  it('groups by template and team, over a generated history of 300 services', () => {
    const templates = [
      'template:default/node-service',
      'template:default/go-service',
    ];
    const teams = [
      'group:default/checkout',
      'group:default/payments',
      'group:default/data',
    ];
    const journeys: Journey[] = [];
    for (let i = 0; i < 300; i++) {
      const template = templates[i % 2];
      const team = teams[i % 3];
      // every 5th task fails, every 4th repository never goes green, every 3rd green one never deploys
      if (i % 5 === 0) journeys.push({ template, team });
      else if (i % 4 === 0) journeys.push({ template, team, repository: 2 });
      else if (i % 3 === 0)
        journeys.push({
          template,
          team,
          repository: 2,
          ci: [{ at: 12, outcome: 'success' }],
        });
      else journeys.push({ template, team, ...complete(2, 12, 42) });
    }
    const rows = adoptionFunnel(history(journeys));
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      const mine = journeys.filter(
        j => j.template === row.template && j.team === row.team,
      );
      expect(row.tasks).toBe(mine.length);
      expect(row.repositories).toBe(
        mine.filter(j => j.repository !== undefined).length,
      );
      expect(row.greenCi).toBe(mine.filter(j => j.ci).length);
      expect(row.healthyDeployments).toBe(
        mine.filter(j => j.deployments).length,
      );
      // every journey takes the same time per step; a group nobody reached has none
      const ifAny = (count: number, ms: number) => (count ? ms : undefined);
      expect(row.medianMs).toEqual({
        taskToRepository: ifAny(row.repositories, 2 * MIN),
        repositoryToGreenCi: ifAny(row.greenCi, 10 * MIN),
        greenCiToHealthyDeployment: ifAny(row.healthyDeployments, 30 * MIN),
      });
    }
    expect(rows.reduce((n, r) => n + r.tasks, 0)).toBe(300);
    expect(journeys.filter(j => j.deployments).length).toBeGreaterThan(100);
    expect(rows.reduce((n, r) => n + r.healthyDeployments, 0)).toBe(
      journeys.filter(j => j.deployments).length,
    );
  });

  it('follows another environment when told', () => {
    const events = history([
      {
        repository: 1,
        ci: [{ at: 2, outcome: 'success' }],
        deployments: [{ at: 7, environment: 'staging' }],
      },
    ]);
    expect(adoptionFunnel(events)[0].healthyDeployments).toBe(0);
    expect(adoptionFunnel(events, { environment: 'staging' })[0]).toMatchObject(
      {
        healthyDeployments: 1,
        medianMs: { greenCiToHealthyDeployment: 5 * MIN },
      },
    );
  });
});
