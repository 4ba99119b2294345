import type {
  DatabaseService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { Knex } from 'knex';

/** A repository counted against its team's quota; released if the repository was not created after all. */
export interface QuotaReservation {
  release(): Promise<void>;
}

/** Golden-path repositories per team per hour. */
export interface RepoQuota {
  /** Counts one repository for `ownerRef` now, or throws NotAllowedError naming the quota and when it frees up. */
  reserve(options: {
    ownerRef: string;
    repository: string;
  }): Promise<QuotaReservation>;
}

export const DEFAULT_REPOS_PER_TEAM_PER_HOUR = 20;
const TABLE = 'launchpad_golden_path_repos';
const WINDOW_MS = 60 * 60 * 1000;

/** Reads `launchpad.goldenPaths.quota.reposPerTeamPerHour`; a bad value fails the start, naming the key. */
export function readReposPerTeamPerHour(config: RootConfigService): number {
  const key = 'launchpad.goldenPaths.quota.reposPerTeamPerHour';
  const value =
    config.getOptionalNumber(key) ?? DEFAULT_REPOS_PER_TEAM_PER_HOUR;
  if (!Number.isInteger(value) || value < 0)
    throw new Error(
      `${key} must be a whole number of repositories (0 or more), got ${value}`,
    );
  return value;
}

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * The quota, counted in the scaffolder's own database (a table of its own
 * beside the scaffolder's): persisted across restarts and shared by every
 * backend instance. Counting and recording happen in one transaction under
 * an advisory lock per team, so concurrent tasks cannot both take the last
 * slot.
 */
export class DatabaseRepoQuota implements RepoQuota {
  static async create(options: {
    database: DatabaseService;
    config: RootConfigService;
    now?: () => Date;
  }) {
    const knex = await options.database.getClient();
    if (!(await knex.schema.hasTable(TABLE))) {
      await knex.schema
        .createTable(TABLE, table => {
          table.bigIncrements('id');
          table.string('owner_ref').notNullable();
          table.string('repository').notNullable();
          table.timestamp('created_at', { useTz: true }).notNullable();
          table.index(['owner_ref', 'created_at']);
        })
        .catch(async error => {
          // Another instance created it in between.
          if (!(await knex.schema.hasTable(TABLE))) throw error;
        });
    }
    return new DatabaseRepoQuota(
      knex,
      readReposPerTeamPerHour(options.config),
      options.now ?? (() => new Date()),
    );
  }

  private constructor(
    private readonly knex: Knex,
    private readonly perHour: number,
    private readonly now: () => Date,
  ) {}

  async reserve({
    ownerRef,
    repository,
  }: {
    ownerRef: string;
    repository: string;
  }): Promise<QuotaReservation> {
    if (this.perHour === 0) {
      throw new NotAllowedError(
        'Golden paths create no repositories here (launchpad.goldenPaths.quota.reposPerTeamPerHour: 0)',
      );
    }
    const now = this.now();
    const since = new Date(now.getTime() - WINDOW_MS);
    const id = await this.knex.transaction(async tx => {
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
        `${TABLE}:${ownerRef}`,
      ]);
      const recent = await tx(TABLE)
        .where('owner_ref', ownerRef)
        .andWhere('created_at', '>', since)
        .orderBy('created_at', 'asc')
        .select('created_at');
      if (recent.length >= this.perHour) {
        const frees = new Date(
          new Date(recent[recent.length - this.perHour].created_at).getTime() +
            WINDOW_MS,
        );
        throw new NotAllowedError(
          `${ownerRef} has created ${recent.length} golden-path repositories in the last hour, the quota ` +
            `(launchpad.goldenPaths.quota.reposPerTeamPerHour: ${this.perHour}); the next one can be created at ` +
            `${frees.toISOString().slice(11, 16)} UTC (in ${minutes(
              frees.getTime() - now.getTime(),
            )} min)`,
        );
      }
      const [row] = await tx(TABLE)
        .insert({ owner_ref: ownerRef, repository, created_at: now })
        .returning('id');
      return row.id ?? row;
    });
    return {
      release: async () => {
        await this.knex(TABLE).where('id', id).delete();
      },
    };
  }
}
