import { groupBy } from './groupBy';
import { median } from './median';
import type { InsightEvent } from './types';

/** The adoption funnel of one golden path for one team. */
export interface FunnelRow {
  template: string;
  team: string;
  /** Tasks started. */
  tasks: number;
  /** Of those, tasks that created a repository. */
  repositories: number;
  /** Of those, services whose CI went green after the repository existed. */
  greenCi: number;
  /** Of those, services healthy in the funnel's environment after the green CI. */
  healthyDeployments: number;
  /** Median time of each step, in ms (undefined where nobody took it). */
  medianMs: {
    taskToRepository?: number;
    repositoryToGreenCi?: number;
    greenCiToHealthyDeployment?: number;
  };
}

/** Options for {@link adoptionFunnel}. */
export interface AdoptionFunnelOptions {
  /** The environment of the last step. Default `dev`. */
  environment?: string;
}

/** Index of events by service, sorted by time, for "the first X at or after t". */
function firstAtOrAfter(
  byService: Map<string, InsightEvent[]>,
  service: string,
  at: number,
): InsightEvent | undefined {
  return byService.get(service)?.find(e => e.occurredAt >= at);
}

function indexByService(events: InsightEvent[]) {
  const index = groupBy(events, e => e.service);
  for (const list of index.values())
    list.sort((a, b) => a.occurredAt - b.occurredAt);
  return index;
}

/**
 * Task → repository → first green CI → first healthy deployment, per
 * template and team. Each task follows its own service: its repository is
 * the one the task created (same task key), the green CI the first
 * successful run at or after the repository, the deployment the first
 * healthy one in the environment at or after that run. A step is reached
 * only when every step before it was.
 */
export function adoptionFunnel(
  events: InsightEvent[],
  options: AdoptionFunnelOptions = {},
): FunnelRow[] {
  const environment = options.environment ?? 'dev';
  const repositoriesByTask = new Map<string, InsightEvent>();
  for (const e of events) {
    if (e.type === 'repository' && typeof e.detail?.taskKey === 'string')
      repositoriesByTask.set(e.detail.taskKey, e);
  }
  const greenCi = indexByService(
    events.filter(e => e.type === 'ci' && e.outcome === 'success'),
  );
  const healthy = indexByService(
    events.filter(
      e =>
        e.type === 'deployment' &&
        e.outcome === 'healthy' &&
        e.environment === environment,
    ),
  );

  const groups = new Map<
    string,
    {
      row: FunnelRow;
      steps: [number[], number[], number[]];
    }
  >();
  for (const task of events) {
    if (task.type !== 'task') continue;
    const template = task.template ?? 'unknown';
    const team = task.team ?? 'unknown';
    const id = `${template}\u0000${team}`;
    const group = groups.get(id) ?? {
      row: {
        template,
        team,
        tasks: 0,
        repositories: 0,
        greenCi: 0,
        healthyDeployments: 0,
        medianMs: {},
      },
      steps: [[], [], []],
    };
    groups.set(id, group);
    group.row.tasks += 1;

    const repository = repositoriesByTask.get(task.key);
    if (!repository) continue;
    group.row.repositories += 1;
    group.steps[0].push(repository.occurredAt - task.occurredAt);

    const ci = firstAtOrAfter(greenCi, task.service, repository.occurredAt);
    if (!ci) continue;
    group.row.greenCi += 1;
    group.steps[1].push(ci.occurredAt - repository.occurredAt);

    const deployment = firstAtOrAfter(healthy, task.service, ci.occurredAt);
    if (!deployment) continue;
    group.row.healthyDeployments += 1;
    group.steps[2].push(deployment.occurredAt - ci.occurredAt);
  }

  return [...groups.values()]
    .map(({ row, steps }) => ({
      ...row,
      medianMs: {
        taskToRepository: median(steps[0]),
        repositoryToGreenCi: median(steps[1]),
        greenCiToHealthyDeployment: median(steps[2]),
      },
    }))
    .sort(
      (a, b) =>
        a.template.localeCompare(b.template) || a.team.localeCompare(b.team),
    );
}
