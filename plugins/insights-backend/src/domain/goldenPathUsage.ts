import { groupBy } from './groupBy';
import { median } from './median';
import type { InsightEvent } from './types';

/** Runs of one golden path. */
export interface GoldenPathUsage {
  template: string;
  runs: number;
  completed: number;
  failed: number;
  /** completed / (completed + failed + cancelled); undefined while none finished. */
  successRate?: number;
  /** Median duration of the finished runs, in ms. */
  medianDurationMs?: number;
}

/** Services created per team and month (repositories the golden paths created). */
export interface ServicesCreated {
  team: string;
  /** `YYYY-MM` in UTC. */
  month: string;
  count: number;
}

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Runs, success rate and median duration per golden path, from task events. */
export function goldenPathUsage(events: InsightEvent[]): GoldenPathUsage[] {
  const byTemplate = groupBy(
    events.filter(e => e.type === 'task'),
    e => e.template ?? 'unknown',
  );
  return [...byTemplate.entries()]
    .map(([template, tasks]) => {
      const finished = tasks.filter(t => FINISHED.has(t.outcome));
      const completed = finished.filter(t => t.outcome === 'completed').length;
      const durations = finished
        .map(t => t.durationMs)
        .filter((d): d is number => typeof d === 'number' && d >= 0);
      return {
        template,
        runs: tasks.length,
        completed,
        failed: finished.filter(t => t.outcome === 'failed').length,
        successRate: finished.length ? completed / finished.length : undefined,
        medianDurationMs: median(durations),
      };
    })
    .sort((a, b) => b.runs - a.runs || a.template.localeCompare(b.template));
}

/** Repositories created per owning team and calendar month (UTC). */
export function servicesCreated(events: InsightEvent[]): ServicesCreated[] {
  const counts = new Map<string, ServicesCreated>();
  for (const e of events) {
    if (e.type !== 'repository') continue;
    const team = e.team ?? 'unknown';
    const month = new Date(e.occurredAt).toISOString().slice(0, 7);
    const key = `${team}\u0000${month}`;
    const row = counts.get(key) ?? { team, month, count: 0 };
    row.count += 1;
    counts.set(key, row);
  }
  return [...counts.values()].sort(
    (a, b) => b.month.localeCompare(a.month) || a.team.localeCompare(b.team),
  );
}
