import {
  type DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { Knex } from 'knex';
import type { ChangeProposal, ChangeStatus } from '../types';

const TABLE = 'git_change_proposals';

type Row = Record<string, any>;

const iso = (value: Date | string) =>
  (value instanceof Date ? value : new Date(value)).toISOString();

function toProposal(row: Row): ChangeProposal {
  return {
    id: row.id,
    org: row.org,
    repo: row.repo,
    branch: row.branch,
    baseCommit: row.base_commit,
    headCommit: row.head_commit,
    title: row.title,
    description: row.description,
    author: row.author,
    status: row.status,
    ...(row.created_by_task ? { createdByTask: row.created_by_task } : {}),
    ...(row.merged_commit ? { mergedCommit: row.merged_commit } : {}),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Change proposals in the git plugin's database. */
export class ChangeProposalStore {
  /** Connects and brings the schema up to date (unless migrations are skipped by config). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ChangeProposalStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-git-hosting-backend',
          'migrations',
        ),
      });
    }
    return new ChangeProposalStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** Records a proposal; a ConflictError when its branch has one already. */
  async insert(
    proposal: Omit<ChangeProposal, 'createdAt' | 'updatedAt' | 'status'>,
  ): Promise<ChangeProposal> {
    const now = new Date();
    try {
      const [row] = await this.knex(TABLE)
        .insert({
          id: proposal.id,
          org: proposal.org,
          repo: proposal.repo,
          branch: proposal.branch,
          base_commit: proposal.baseCommit,
          head_commit: proposal.headCommit,
          title: proposal.title,
          description: proposal.description,
          author: proposal.author,
          status: 'open',
          created_by_task: proposal.createdByTask ?? null,
          created_at: now,
          updated_at: now,
        })
        .returning('*');
      return toProposal(row);
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new ConflictError(
          `${proposal.org}/${proposal.repo} has a change proposal on ${proposal.branch} already`,
        );
      throw error;
    }
  }

  async get(id: string): Promise<ChangeProposal | undefined> {
    const row = await this.knex(TABLE).where({ id }).first();
    return row ? toProposal(row) : undefined;
  }

  /** A repository's proposals, newest first. */
  async list(
    org: string,
    repo: string,
    status?: ChangeStatus,
  ): Promise<ChangeProposal[]> {
    const query = this.knex(TABLE)
      .where({ org, repo })
      .orderBy('created_at', 'desc')
      .limit(500);
    if (status) query.andWhere({ status });
    return (await query).map(toProposal);
  }

  /**
   * Moves an open proposal to merged or closed; undefined when it was not
   * open any more (someone else decided first).
   */
  async decide(
    id: string,
    decision: {
      status: 'merged' | 'closed';
      decidedBy: string;
      mergedCommit?: string;
    },
  ): Promise<ChangeProposal | undefined> {
    const [row] = await this.knex(TABLE)
      .where({ id, status: 'open' })
      .update({
        status: decision.status,
        decided_by: decision.decidedBy,
        merged_commit: decision.mergedCommit ?? null,
        updated_at: new Date(),
      })
      .returning('*');
    return row ? toProposal(row) : undefined;
  }
}
