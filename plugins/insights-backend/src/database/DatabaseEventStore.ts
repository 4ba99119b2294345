import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { InsightEvent, InsightEventType } from '../domain/types';
import type { EventStore, WorkloadHealth } from './types';

interface EventRow {
  key: string;
  type: InsightEventType;
  service: string;
  team: string | null;
  template: string | null;
  template_version: string | null;
  environment: string | null;
  outcome: string;
  occurred_at: Date | string;
  duration_ms: string | number | null;
  revision: string | null;
  commit_at: Date | string | null;
  detail: Record<string, unknown> | null;
}

const toMs = (v: Date | string) => new Date(v).getTime();

function toRow(e: InsightEvent) {
  return {
    key: e.key,
    type: e.type,
    service: e.service,
    team: e.team ?? null,
    template: e.template ?? null,
    template_version: e.templateVersion ?? null,
    environment: e.environment ?? null,
    outcome: e.outcome,
    occurred_at: new Date(e.occurredAt),
    duration_ms: e.durationMs ?? null,
    revision: e.revision ?? null,
    commit_at: e.commitAt !== undefined ? new Date(e.commitAt) : null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  };
}

function fromRow(r: EventRow): InsightEvent {
  // Assigned field by field: this runs for every row of a report.
  const e: InsightEvent = {
    key: r.key,
    type: r.type,
    service: r.service,
    outcome: r.outcome,
    occurredAt: toMs(r.occurred_at),
  };
  if (r.team) e.team = r.team;
  if (r.template) e.template = r.template;
  if (r.template_version) e.templateVersion = r.template_version;
  if (r.environment) e.environment = r.environment;
  if (r.duration_ms !== null) e.durationMs = Number(r.duration_ms);
  if (r.revision) e.revision = r.revision;
  if (r.commit_at) e.commitAt = toMs(r.commit_at);
  if (r.detail) e.detail = r.detail;
  return e;
}

/** Insight events in the plugin's own Postgres database. */
export class DatabaseEventStore implements EventStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseEventStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-insights-backend',
          'migrations',
        ),
      });
    }
    return new DatabaseEventStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async add(events: InsightEvent[]): Promise<number> {
    let added = 0;
    for (let i = 0; i < events.length; i += 1000) {
      const rows = await this.knex('insights_events')
        .insert(events.slice(i, i + 1000).map(toRow))
        .onConflict('key')
        .ignore()
        .returning('id');
      added += rows.length;
    }
    return added;
  }

  async list(options: {
    types: InsightEventType[];
    since?: number;
    services?: string[];
    withDetail?: boolean;
  }): Promise<InsightEvent[]> {
    const query = this.knex<EventRow>('insights_events')
      .select(
        'key',
        'type',
        'service',
        'team',
        'template',
        'template_version',
        'environment',
        'outcome',
        'occurred_at',
        'duration_ms',
        'revision',
        'commit_at',
        options.withDetail === false
          ? this.knex.raw('null as detail')
          : 'detail',
      )
      .whereIn('type', options.types);
    if (options.since !== undefined)
      query.where('occurred_at', '>=', new Date(options.since));
    if (options.services) query.whereIn('service', options.services);
    return (await query).map(fromRow);
  }

  async existingKeys(keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.knex('insights_events')
      .whereIn('key', keys)
      .select('key');
    return new Set(rows.map(r => r.key as string));
  }

  async countByType(since: number): Promise<Record<InsightEventType, number>> {
    const rows = await this.knex('insights_events')
      .where('occurred_at', '>=', new Date(since))
      .groupBy('type')
      .select('type')
      .count({ count: '*' });
    const counts: Record<InsightEventType, number> = {
      task: 0,
      repository: 0,
      ci: 0,
      deployment: 0,
      incident: 0,
    };
    for (const r of rows)
      counts[(r as { type: InsightEventType }).type] = Number(r.count);
    return counts;
  }

  async workloadHealth(): Promise<Map<string, WorkloadHealth>> {
    const rows = await this.knex('insights_workload_health').select();
    return new Map(
      rows.map(r => [
        r.workload,
        {
          workload: r.workload,
          service: r.service,
          environment: r.environment,
          healthy: r.healthy,
          since: toMs(r.since),
        },
      ]),
    );
  }

  async setWorkloadHealth(rows: WorkloadHealth[]): Promise<void> {
    if (rows.length === 0) return;
    await this.knex('insights_workload_health')
      .insert(rows.map(r => ({ ...r, since: new Date(r.since) })))
      .onConflict('workload')
      .merge();
  }
}
