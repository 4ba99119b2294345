import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventParams } from '@backstage/plugin-events-node';
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * The first key of every advisory lock taken here (pg_advisory_lock(int4,
 * int4)): "LPTL" as an int32, so these locks cannot meet other users'.
 */
export const LOCK_NAMESPACE = 0x4c50544c;

/** A heartbeat this old (ms) is not one a live instance would leave. */
const DEFAULT_SILENCE_MS = 10_000;

/** The second key of a task's advisory lock: 32 bits of the task id's SHA-256. */
export function taskLockKey(taskId: string): number {
  return createHash('sha256').update(taskId).digest().readInt32BE(0);
}

/** The raw pg client of a connection held out of knex's pool. */
interface PgConnection {
  query(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Array<Record<string, unknown>> }>;
  on(event: 'error', listener: (error: Error) => void): void;
  processID?: number;
}

export interface TaskLivenessOptions {
  /** The scaffolder's database (its `tasks` table). */
  knex: Knex;
  logger: LoggerService;
  /** How long a task's heartbeat must be silent, besides its lock being free, to call its instance dead (ms). */
  silenceMs?: number;
}

/**
 * Finds golden-path tasks whose backend instance died in seconds, instead of
 * after the scaffolder's stale-heartbeat timeout.
 *
 * Backstage recovers a task (scaffolder.taskRecovery) once its heartbeat is
 * older than `staleTimeout`. That timeout must be long, because a live but
 * starved instance (CPU, database pool) also beats late, and a task taken
 * from a live instance runs twice. So a crash costs the timeout plus the
 * 10 s recovery loop before anyone looks again.
 *
 * Here every instance holds one Postgres session of its own and, in it, an
 * advisory lock per task it runs (taken when the scaffolder announces the
 * claim on `scaffolder.task`, released when the task ends there). Postgres
 * releases a session's locks the moment its process dies, whatever the
 * instance's event loop was doing. Every instance checks the running tasks
 * every few seconds: a task whose heartbeat has been silent for 10 s and
 * whose lock nobody holds belonged to a dead instance. Its heartbeat is
 * then dated back past any stale timeout, and the scaffolder's own recovery
 * (next loop, any instance) hands it to a live one. A starved instance keeps
 * its session, so its tasks are never taken from it this way.
 */
export class TaskLiveness {
  private readonly knex: Knex;
  private readonly logger: LoggerService;
  private readonly silenceMs: number;
  private connection?: PgConnection;
  private connecting?: Promise<PgConnection | undefined>;
  /** Tasks this instance runs (their lock held in its session). */
  private readonly held = new Set<string>();

  constructor(options: TaskLivenessOptions) {
    this.knex = options.knex;
    this.logger = options.logger;
    this.silenceMs = options.silenceMs ?? DEFAULT_SILENCE_MS;
  }

  /** Whether the database can do this (Postgres); elsewhere the scaffolder's timeout alone applies. */
  static supports(knex: Knex): boolean {
    return knex.client.config.client === 'pg';
  }

  /** The scaffolder's task events: claims take the task's lock, ends release it. */
  async onEvent(params: EventParams): Promise<void> {
    const payload = params.eventPayload as
      | { id?: unknown; status?: unknown }
      | undefined;
    if (typeof payload?.id !== 'string' || typeof payload.status !== 'string')
      return;
    if (payload.status === 'processing') await this.hold(payload.id);
    else if (['completed', 'failed', 'cancelled'].includes(payload.status))
      await this.release(payload.id);
  }

  /** Takes the lock of a task this instance claimed (again with a new session if this one is lost). */
  async hold(taskId: string): Promise<void> {
    if (this.held.has(taskId)) return;
    try {
      // try, never wait: a check of another instance may hold it for a
      // moment, and a task taken from a live instance stays locked by it
      for (let attempt = 1; attempt <= 3; attempt++) {
        const { rows } = await this.query(
          'SELECT pg_try_advisory_lock($1, $2) AS locked',
          [LOCK_NAMESPACE, taskLockKey(taskId)],
        );
        if (rows[0]?.locked) break;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    } catch (error) {
      // the session was dropped: the next one takes every held lock again
      this.logger.warn(`Task liveness: no lock for ${taskId} yet: ${error}`);
    }
    // added after the lock (a lock is counted per call: a new session taking
    // it too would leave it held after the task's one release)
    this.held.add(taskId);
  }

  async release(taskId: string): Promise<void> {
    if (!this.held.delete(taskId)) return;
    if (!this.connection) return; // a lost session released it already
    await this.query('SELECT pg_advisory_unlock($1, $2)', [
      LOCK_NAMESPACE,
      taskLockKey(taskId),
    ]).catch(() => {});
  }

  /** Opens this instance's session now, so the first claim does not wait for a connection. */
  async start(): Promise<void> {
    await this.session();
  }

  /**
   * Looks at the running tasks once; dates back the heartbeat of those
   * whose instance is gone. Returns their ids.
   */
  async check(): Promise<string[]> {
    if (!(await this.session())) return [];
    // Locks of tasks this instance holds whose run has ended here without
    // it hearing (e.g. the task was recovered elsewhere and finished there).
    // Only an ended (or vanished) task: one just claimed may not be
    // committed as `processing` yet, and reads `open` for a moment.
    if (this.held.size) {
      const rows: Array<{ id: string; status: string }> = await this.knex(
        'tasks',
      )
        .whereIn('id', [...this.held])
        .select('id', 'status');
      const status = new Map(rows.map(r => [r.id, r.status]));
      for (const id of [...this.held]) {
        const now = status.get(id);
        if (!now || ['completed', 'failed', 'cancelled'].includes(now))
          await this.release(id);
      }
    }

    // Running tasks whose heartbeat has been silent: their instance is dead
    // when nobody holds their lock (a live instance holds it, however
    // starved). A task of an instance without this module, silent that
    // long, is taken too: the silence alone is the scaffolder's own rule.
    const silent: string[] = (
      await this.knex('tasks')
        .where('status', 'processing')
        .andWhere(
          'last_heartbeat_at',
          '<',
          this.knex.raw('now() - make_interval(secs => ?)', [
            this.silenceMs / 1000,
          ]),
        )
        // not those handed over already (dated back a day), which the
        // scaffolder's recovery takes in its next loop
        .andWhere(
          'last_heartbeat_at',
          '>',
          this.knex.raw("now() - interval '12 hours'"),
        )
        .select('id')
    ).map((r: { id: string }) => r.id);

    const dead: string[] = [];
    for (const id of silent) {
      if (this.held.has(id)) continue;
      const key = taskLockKey(id);
      const { rows } = await this.query(
        'SELECT pg_try_advisory_lock($1, $2) AS free',
        [LOCK_NAMESPACE, key],
      );
      if (!rows[0]?.free) continue; // its instance lives
      await this.query('SELECT pg_advisory_unlock($1, $2)', [
        LOCK_NAMESPACE,
        key,
      ]);
      const updated = await this.knex('tasks')
        .where({ id, status: 'processing' })
        .andWhere(
          'last_heartbeat_at',
          '<',
          this.knex.raw('now() - make_interval(secs => ?)', [
            this.silenceMs / 1000,
          ]),
        )
        .update({
          last_heartbeat_at: this.knex.raw("now() - interval '1 day'"),
        });
      if (updated) {
        dead.push(id);
        this.logger.warn(
          `Task ${id}: the instance running it is gone (no session holds it and its heartbeat stopped); handed to the scaffolder's task recovery`,
        );
      }
    }
    return dead;
  }

  /** Gives the session back (its locks go with it). */
  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.held.clear();
    if (!connection) return;
    // back in the pool the session lives on: its locks must not
    await connection.query('SELECT pg_advisory_unlock_all()').catch(() => {});
    await Promise.resolve(this.knex.client.releaseConnection(connection));
  }

  /** A query in this instance's session; a session that fails is dropped (a new one takes its locks again). */
  private async query(text: string, values: unknown[]) {
    const connection = await this.session();
    if (!connection) throw new Error('no database session');
    try {
      return await connection.query(text, values);
    } catch (error) {
      this.drop(connection);
      throw error;
    }
  }

  private drop(connection: PgConnection) {
    if (this.connection !== connection) return;
    this.connection = undefined;
    // closed, not pooled: a session that errs may still hold locks
    const { end } = connection as unknown as { end?: () => Promise<void> };
    Promise.resolve(end?.call(connection))
      .catch(() => {})
      .then(() => this.knex.client.releaseConnection(connection))
      .catch(() => {});
  }

  /** This instance's own session, held out of the pool; reopened (and its locks taken again) if lost. */
  private async session(): Promise<PgConnection | undefined> {
    if (this.connection) return this.connection;
    this.connecting ??= (async () => {
      try {
        const connection: PgConnection =
          await this.knex.client.acquireConnection();
        connection.on('error', error => {
          if (this.connection !== connection) return;
          this.logger.warn(`Task liveness session lost: ${error.message}`);
          this.drop(connection);
        });
        this.connection = connection;
        for (const id of this.held)
          await connection.query('SELECT pg_try_advisory_lock($1, $2)', [
            LOCK_NAMESPACE,
            taskLockKey(id),
          ]);
        return connection;
      } catch (error) {
        this.logger.warn(`Task liveness session unavailable: ${error}`);
        return undefined;
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }
}
