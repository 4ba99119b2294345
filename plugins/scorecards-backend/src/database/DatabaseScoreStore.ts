import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type {
  CheckResult,
  ScoreChangeReason,
} from '@internal/plugin-scorecards-common';
import type { Knex } from 'knex';
import type {
  CheckCount,
  DailyLevelChange,
  LatestScore,
  LatestScoreState,
  LevelCount,
  ScoreFilter,
  ScoreKey,
  ScoreRollUps,
  ScoreStore,
  ScoreWrite,
  StoredScore,
} from './types';

const HISTORY = 'scorecard_scores';
const LATEST = 'scorecard_latest_scores';
const OWNER_CHECKS = 'scorecard_owner_checks';
/** Rows per statement: well under Postgres' 65535 bind parameters. */
const CHUNK = 1000;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(items.slice(i, i + size));
  return out;
}

function iso(value: Date | string): string {
  return value instanceof Date
    ? value.toISOString()
    : new Date(value).toISOString();
}

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

type Row = Record<string, any>;

function toStored(row: Row): StoredScore {
  return {
    entityRef: row.entity_ref,
    scorecardId: row.scorecard_id,
    ownerRef: row.owner_ref ?? null,
    level: row.level ?? null,
    points: Number(row.points),
    maxPoints: Number(row.max_points),
    results: json<CheckResult[]>(row.results),
    reason: row.reason as ScoreChangeReason,
    evaluatedAt: iso(row.evaluated_at),
  };
}

function toLatest(row: Row): LatestScore {
  return {
    ...toStored(row),
    changedAt: iso(row.changed_at),
    evaluatedAt: iso(row.evaluated_at),
  };
}

/**
 * SQL conditions (and their bindings) selecting the current scores that
 * match a filter; `alias` is the latest-scores table's alias.
 */
function filterSql(filter: ScoreFilter, alias: string) {
  const conditions: string[] = [];
  const bindings: Knex.RawBinding[] = [];
  const add = (column: string, values?: string[]) => {
    if (!values) return;
    conditions.push(`${alias}.${column} = ANY(?)`);
    bindings.push(values);
  };
  add('scorecard_id', filter.scorecardIds);
  add('owner_ref', filter.ownerRefs);
  add('entity_ref', filter.entityRefs);
  return {
    where: conditions.length ? conditions.join(' AND ') : 'TRUE',
    bindings,
  };
}

/** Scores in the plugin's Postgres database. */
export class DatabaseScoreStore implements ScoreStore, ScoreRollUps {
  /** Connects and brings the schema up to date (unless migrations are skipped by config). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseScoreStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-scorecards-backend',
          'migrations',
        ),
      });
    }
    return new DatabaseScoreStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  async latestStates(filter: {
    scorecardIds: string[];
    entityRefs?: string[];
  }): Promise<LatestScoreState[]> {
    if (filter.scorecardIds.length === 0) return [];
    const select = (q: Knex.QueryBuilder) =>
      q
        .select(
          'entity_ref',
          'scorecard_id',
          'owner_ref',
          'signature',
          'results_hash',
          'definition_hash',
          'input_hash',
        )
        .from(LATEST)
        .whereIn('scorecard_id', filter.scorecardIds);
    const rows: Row[] = [];
    if (filter.entityRefs) {
      for (const refs of chunks(filter.entityRefs))
        rows.push(
          ...(await select(this.knex.queryBuilder()).whereIn(
            'entity_ref',
            refs,
          )),
        );
    } else {
      rows.push(...(await select(this.knex.queryBuilder())));
    }
    return rows.map(r => ({
      entityRef: r.entity_ref,
      scorecardId: r.scorecard_id,
      ownerRef: r.owner_ref ?? null,
      signature: r.signature,
      resultsHash: r.results_hash,
      definitionHash: r.definition_hash,
      inputHash: r.input_hash,
    }));
  }

  async saveEvaluation(run: {
    evaluatedAt: Date;
    writes: ScoreWrite[];
    evaluated: { scorecardIds: string[]; entityRefs?: string[] };
    removed: ScoreKey[];
    removeOtherScorecards: boolean;
  }): Promise<void> {
    const at = run.evaluatedAt;
    const latestRow = (w: ScoreWrite) => ({
      entity_ref: w.entityRef,
      scorecard_id: w.scorecardId,
      owner_ref: w.ownerRef,
      level: w.level,
      points: w.points,
      max_points: w.maxPoints,
      results: JSON.stringify(w.results),
      signature: w.signature,
      results_hash: w.resultsHash,
      definition_hash: w.definitionHash,
      input_hash: w.inputHash,
      evaluated_at: at,
    });
    const changed = run.writes.filter(w => w.reason);
    const refreshed = run.writes.filter(w => !w.reason);
    // A full run may touch every owner; a partial one only the owners of
    // the entities it saw, before and after.
    const partial =
      Boolean(run.evaluated.entityRefs) && !run.removeOtherScorecards;

    await this.knex.transaction(async tx => {
      let owners: string[] | undefined;
      if (partial) {
        const refs = [
          ...new Set([
            ...run.writes.map(w => w.entityRef),
            ...run.removed.map(r => r.entityRef),
            ...(run.evaluated.entityRefs ?? []),
          ]),
        ];
        const before: Row[] = await tx(LATEST)
          .distinct('owner_ref')
          .whereRaw('entity_ref = ANY(?)', [refs])
          .whereNotNull('owner_ref');
        owners = [
          ...new Set([
            ...before.map(r => r.owner_ref as string),
            ...run.writes.flatMap(w => (w.ownerRef ? [w.ownerRef] : [])),
          ]),
        ];
      }
      for (const batch of chunks(changed)) {
        await tx(HISTORY).insert(
          batch.map(w => ({
            entity_ref: w.entityRef,
            scorecard_id: w.scorecardId,
            owner_ref: w.ownerRef,
            level: w.level,
            points: w.points,
            max_points: w.maxPoints,
            results: JSON.stringify(w.results),
            reason: w.reason,
            definition_hash: w.definitionHash,
            input_hash: w.inputHash,
            evaluated_at: at,
          })),
        );
        await tx(LATEST)
          .insert(
            batch.map(w => ({
              ...latestRow(w),
              reason: w.reason,
              changed_at: at,
            })),
          )
          .onConflict(['entity_ref', 'scorecard_id'])
          .merge();
      }
      // Same score, new inputs: keep the reason and time of the last change.
      for (const batch of chunks(refreshed)) {
        await tx(LATEST)
          .insert(
            batch.map(w => ({
              ...latestRow(w),
              reason: 'scheduled',
              changed_at: at,
            })),
          )
          .onConflict(['entity_ref', 'scorecard_id'])
          .merge([
            'owner_ref',
            'level',
            'points',
            'max_points',
            'results',
            'signature',
            'results_hash',
            'definition_hash',
            'input_hash',
            'evaluated_at',
          ]);
      }
      if (run.evaluated.scorecardIds.length > 0) {
        if (run.evaluated.entityRefs) {
          for (const refs of chunks(run.evaluated.entityRefs)) {
            await tx(LATEST)
              .update({ evaluated_at: at })
              .whereIn('scorecard_id', run.evaluated.scorecardIds)
              .whereIn('entity_ref', refs);
          }
        } else {
          await tx(LATEST)
            .update({ evaluated_at: at })
            .whereIn('scorecard_id', run.evaluated.scorecardIds);
        }
      }
      for (const batch of chunks(run.removed)) {
        await tx(LATEST)
          .delete()
          .whereIn(
            ['entity_ref', 'scorecard_id'],
            batch.map(k => [k.entityRef, k.scorecardId]),
          );
      }
      if (run.removeOtherScorecards) {
        await tx(LATEST)
          .delete()
          .whereNotIn('scorecard_id', run.evaluated.scorecardIds);
      }
      await this.refreshOwnerChecks(tx, owners);
    });
  }

  /** Recomputes the per-owner check counts of these owners (of all when undefined). */
  private async refreshOwnerChecks(tx: Knex.Transaction, owners?: string[]) {
    if (owners?.length === 0) return;
    const only = owners ? 'AND l.owner_ref = ANY(?)' : '';
    const bindings: Knex.RawBinding[] = owners ? [owners] : [];
    if (owners) {
      await tx(OWNER_CHECKS).delete().whereRaw('owner_ref = ANY(?)', [owners]);
    } else {
      await tx(OWNER_CHECKS).delete();
    }
    await tx.raw(
      `INSERT INTO ${OWNER_CHECKS} (owner_ref, scorecard_id, check_id, failed, unknown)
       SELECT l.owner_ref, l.scorecard_id, r->>'checkId',
              count(*) FILTER (WHERE r->>'status' = 'failed'),
              count(*) FILTER (WHERE r->>'status' = 'unknown')
         FROM ${LATEST} l
        CROSS JOIN LATERAL jsonb_array_elements(l.results) r
        WHERE l.owner_ref IS NOT NULL ${only}
          AND r->>'status' IN ('failed', 'unknown')
        GROUP BY 1, 2, 3`,
      bindings,
    );
  }

  async levelCounts(filter: ScoreFilter): Promise<LevelCount[]> {
    const { where, bindings } = filterSql(filter, 'l');
    const { rows } = await this.knex.raw(
      `SELECT l.owner_ref, l.scorecard_id, l.level,
              count(*)::int AS entities, coalesce(sum(l.points), 0)::int AS points
         FROM ${LATEST} l
        WHERE ${where}
        GROUP BY 1, 2, 3`,
      bindings,
    );
    return (rows as Row[]).map(r => ({
      ownerRef: r.owner_ref ?? null,
      scorecardId: r.scorecard_id,
      level: r.level ?? null,
      entities: Number(r.entities),
      points: Number(r.points),
    }));
  }

  async checkCounts(filter: {
    ownerRefs: string[];
    scorecardIds?: string[];
  }): Promise<CheckCount[]> {
    const { where, bindings } = filterSql(filter, 'c');
    const { rows } = await this.knex.raw(
      `SELECT c.scorecard_id, c.check_id,
              sum(c.failed)::int AS failed, sum(c.unknown)::int AS unknown
         FROM ${OWNER_CHECKS} c
        WHERE ${where}
        GROUP BY 1, 2`,
      bindings,
    );
    return (rows as Row[]).map(r => ({
      scorecardId: r.scorecard_id,
      checkId: r.check_id,
      failed: Number(r.failed),
      unknown: Number(r.unknown),
    }));
  }

  async dailyLevelChanges(filter: ScoreFilter): Promise<DailyLevelChange[]> {
    const { where, bindings } = filterSql(filter, 'l');
    // Each entity's last score of each day; then, per day, +1 at its level
    // and -1 at the level of its previous day with a score.
    const { rows } = await this.knex.raw(
      `WITH daily AS (
         SELECT DISTINCT ON (h.scorecard_id, h.entity_ref, (h.evaluated_at AT TIME ZONE 'UTC')::date)
                h.scorecard_id, h.entity_ref,
                (h.evaluated_at AT TIME ZONE 'UTC')::date AS day, h.level, h.points
           FROM ${HISTORY} h
           JOIN ${LATEST} l
             ON l.entity_ref = h.entity_ref AND l.scorecard_id = h.scorecard_id
          WHERE ${where}
          ORDER BY h.scorecard_id, h.entity_ref, (h.evaluated_at AT TIME ZONE 'UTC')::date,
                   h.evaluated_at DESC, h.id DESC
       ), steps AS (
         SELECT scorecard_id, day, level, points,
                lag(day) OVER w AS prev_day, lag(level) OVER w AS prev_level,
                lag(points) OVER w AS prev_points
           FROM daily
         WINDOW w AS (PARTITION BY scorecard_id, entity_ref ORDER BY day)
       )
       SELECT scorecard_id, to_char(day, 'YYYY-MM-DD') AS day, level,
              sum(entities)::int AS entities, sum(points)::int AS points
         FROM (
           SELECT scorecard_id, day, level, 1 AS entities, points FROM steps
           UNION ALL
           SELECT scorecard_id, day, prev_level, -1, -prev_points
             FROM steps WHERE prev_day IS NOT NULL
         ) changes
        GROUP BY scorecard_id, day, level
       HAVING sum(entities) <> 0 OR sum(points) <> 0
        ORDER BY day, scorecard_id, level NULLS FIRST`,
      bindings,
    );
    return (rows as Row[]).map(r => ({
      scorecardId: r.scorecard_id,
      day: r.day,
      level: r.level ?? null,
      entities: Number(r.entities),
      points: Number(r.points),
    }));
  }

  async latestForEntity(entityRef: string): Promise<LatestScore[]> {
    const rows = await this.knex(LATEST)
      .where({ entity_ref: entityRef })
      .orderBy('scorecard_id');
    return rows.map(toLatest);
  }

  async historyForEntity(
    entityRef: string,
    options: { scorecardId?: string; limit: number },
  ): Promise<StoredScore[]> {
    const query = this.knex(HISTORY).where({ entity_ref: entityRef });
    if (options.scorecardId)
      query.andWhere({ scorecard_id: options.scorecardId });
    const rows = await query
      .orderBy([
        { column: 'evaluated_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit);
    return rows.map(toStored);
  }

  async latestForOwner(ownerRef: string): Promise<LatestScore[]> {
    const rows = await this.knex(LATEST)
      .where({ owner_ref: ownerRef })
      .orderBy(['scorecard_id', 'entity_ref']);
    return rows.map(toLatest);
  }
}
