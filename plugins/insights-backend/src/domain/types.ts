/** Kinds of facts the insights are derived from. */
export type InsightEventType =
  | 'task'
  | 'repository'
  | 'ci'
  | 'deployment'
  | 'incident';

/**
 * One fact, as stored. Times are epoch milliseconds.
 *
 * - task: a golden path run (outcome completed | failed | cancelled | open), at its start.
 * - repository: the repository a task created, at the task's end.
 * - ci: a finished CI run or check suite (outcome success | failure | …), at its end.
 * - deployment: a rollout that became healthy (outcome healthy) or failed, in an environment.
 * - incident: a workload going unhealthy (degraded) or back (restored), in an environment.
 */
export interface InsightEvent {
  key: string;
  type: InsightEventType;
  service: string;
  team?: string;
  template?: string;
  templateVersion?: string;
  environment?: string;
  outcome: string;
  occurredAt: number;
  durationMs?: number;
  revision?: string;
  commitAt?: number;
  detail?: Record<string, unknown>;
}

/** The time window a report covers (epoch ms, inclusive start, exclusive end). */
export interface Window {
  from: number;
  to: number;
}
