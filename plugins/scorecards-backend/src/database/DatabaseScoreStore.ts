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
  LatestScore,
  LatestScoreState,
  ScoreKey,
  ScorePoint,
  ScoreStore,
  ScoreWrite,
  StoredScore,
} from './types';

const HISTORY = 'scorecard_scores';
const LATEST = 'scorecard_latest_scores';
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

/** Scores in the plugin's Postgres database. */
export class DatabaseScoreStore implements ScoreStore {
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

    await this.knex.transaction(async tx => {
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
    });
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

  async historyForOwner(ownerRef: string): Promise<ScorePoint[]> {
    const rows: Row[] = await this.knex(`${HISTORY} as h`)
      .join(`${LATEST} as l`, join =>
        join
          .on('l.entity_ref', 'h.entity_ref')
          .andOn('l.scorecard_id', 'h.scorecard_id'),
      )
      .where('l.owner_ref', ownerRef)
      .select(
        'h.entity_ref',
        'h.scorecard_id',
        'h.level',
        'h.points',
        'h.evaluated_at',
      )
      .orderBy([
        { column: 'h.evaluated_at', order: 'asc' },
        { column: 'h.id', order: 'asc' },
      ]);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      scorecardId: r.scorecard_id,
      level: r.level ?? null,
      points: Number(r.points),
      evaluatedAt: iso(r.evaluated_at),
    }));
  }
}
