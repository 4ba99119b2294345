import { groupBy } from './groupBy';
import { median } from './median';
import type { InsightEvent, Window } from './types';

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The four DORA keys of one service over a window, in its DORA environment. */
export interface DoraKeys {
  service: string;
  team?: string;
  /** Deployments in the window. */
  deployments: number;
  /** Deployments per week over the window. */
  deploymentsPerWeek: number;
  /** Median time from a commit (its green CI run) to the deployment that shipped it, ms. */
  leadTimeMs?: number;
  /** Share of deployments followed by an incident (or that failed) before the next one. */
  changeFailureRate?: number;
  /** Median time from an incident to the workload being healthy again, ms. */
  timeToRestoreMs?: number;
}

/** Options for {@link doraKeys}. */
export interface DoraKeysOptions {
  window: Window;
  /** The environment that counts. Default `prod`. */
  environment?: string;
}

function byTime(a: InsightEvent, b: InsightEvent) {
  return a.occurredAt - b.occurredAt;
}

/**
 * The commit times a deployment shipped: its own revision's commit if CI saw
 * it, else every green commit since the previous deployment that was built
 * before this one.
 */
function shippedCommitTimes(
  deployment: InsightEvent,
  previousAt: number,
  green: InsightEvent[],
  commitOfRevision: Map<string, number>,
): number[] {
  const exact = deployment.revision
    ? commitOfRevision.get(deployment.revision)
    : undefined;
  if (exact !== undefined) return [exact];
  const seen = new Set<string>();
  const times: number[] = [];
  for (const c of green) {
    if (c.occurredAt > deployment.occurredAt) break; // sorted by time
    const at = c.commitAt ?? c.occurredAt;
    if (at <= previousAt || at > deployment.occurredAt) continue;
    const id = c.revision ?? c.key;
    if (seen.has(id)) continue;
    seen.add(id);
    times.push(at);
  }
  return times;
}

/** The DORA keys of one service from its events (any order, any window). */
export function doraKeysOfService(
  service: string,
  events: InsightEvent[],
  options: DoraKeysOptions,
): DoraKeys {
  const environment = options.environment ?? 'prod';
  const { from, to } = options.window;
  const mine = events.filter(e => e.service === service);
  const allDeployments = mine
    .filter(e => e.type === 'deployment' && e.environment === environment)
    .sort(byTime);
  const incidents = mine
    .filter(e => e.type === 'incident' && e.environment === environment)
    .sort(byTime);
  const green = mine
    .filter(e => e.type === 'ci' && e.outcome === 'success')
    .sort(byTime);

  const commitOfRevision = new Map<string, number>();
  for (const c of green) {
    if (!c.revision || c.commitAt === undefined) continue;
    const known = commitOfRevision.get(c.revision);
    if (known === undefined || c.commitAt < known)
      commitOfRevision.set(c.revision, c.commitAt);
  }

  const leadTimes: number[] = [];
  let counted = 0;
  let failedChanges = 0;
  let previousAt = Number.NEGATIVE_INFINITY;
  allDeployments.forEach((deployment, i) => {
    const at = deployment.occurredAt;
    const inWindow = at >= from && at < to;
    if (inWindow) {
      counted += 1;
      for (const commitAt of shippedCommitTimes(
        deployment,
        previousAt,
        green,
        commitOfRevision,
      ))
        leadTimes.push(at - commitAt);
      const nextAt = allDeployments[i + 1]?.occurredAt ?? to;
      const failed =
        deployment.outcome === 'failed' ||
        incidents.some(
          e =>
            e.outcome === 'degraded' &&
            e.occurredAt >= at &&
            e.occurredAt < nextAt,
        );
      if (failed) failedChanges += 1;
    }
    previousAt = at;
  });

  const restores: number[] = [];
  let openSince: number | undefined;
  for (const e of incidents) {
    if (e.outcome === 'degraded') openSince ??= e.occurredAt;
    else if (e.outcome === 'restored' && openSince !== undefined) {
      if (e.occurredAt >= from && e.occurredAt < to)
        restores.push(e.occurredAt - openSince);
      openSince = undefined;
    }
  }

  const weeks = Math.max(to - from, 1) / WEEK_MS;
  const team = [...mine].reverse().find(e => e.team)?.team;
  return {
    service,
    ...(team ? { team } : {}),
    deployments: counted,
    deploymentsPerWeek: counted / weeks,
    leadTimeMs: median(leadTimes),
    changeFailureRate: counted ? failedChanges / counted : undefined,
    timeToRestoreMs: median(restores),
  };
}

/** The DORA keys of every service that deployed to the environment or had an incident there. */
export function doraKeys(
  events: InsightEvent[],
  options: DoraKeysOptions,
): DoraKeys[] {
  const environment = options.environment ?? 'prod';
  const services = new Set(
    events
      .filter(
        e =>
          (e.type === 'deployment' || e.type === 'incident') &&
          e.environment === environment,
      )
      .map(e => e.service),
  );
  const byService = groupBy(
    events.filter(e => services.has(e.service)),
    e => e.service,
  );
  return [...services]
    .sort()
    .map(service =>
      doraKeysOfService(service, byService.get(service) ?? [], options),
    );
}
