import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { TaskLiveness } from './TaskLiveness';

jest.setTimeout(60_000);

/**
 * Two or three "instances" (each a TaskLiveness with its own Postgres
 * session) on ONE real Postgres with the scaffolder's own `tasks` table (its
 * real migrations). A dead instance is a session Postgres terminated
 * (pg_terminate_backend), which is what a killed process's session becomes.
 */
const databases = TestDatabases.create({
  ids: ['POSTGRES_18'] as TestDatabaseId[],
});

describe('TaskLiveness (real Postgres, the scaffolder schema)', () => {
  let knex: Knex;
  const instances: TaskLiveness[] = [];

  beforeAll(async () => {
    knex = await databases.init('POSTGRES_18');
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@backstage/plugin-scaffolder-backend',
        'migrations',
      ),
    });
  });
  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.stop();
    // each test starts from no tasks
    await knex('task_events').delete();
    await knex('tasks').delete();
  });

  const instance = () => {
    const liveness = new TaskLiveness({
      knex,
      logger: mockServices.logger.mock(),
      silenceMs: 2_000,
    });
    instances.push(liveness);
    return liveness;
  };

  /** A task in the state a claim leaves it, its heartbeat `ageS` seconds old. */
  async function runningTask(ageS = 0) {
    const id = randomUUID();
    await knex('tasks').insert({
      id,
      spec: JSON.stringify({ steps: [] }),
      status: 'processing',
      last_heartbeat_at: knex.raw('now() - make_interval(secs => ?)', [ageS]),
    });
    return id;
  }
  const claim = (liveness: TaskLiveness, id: string) =>
    liveness.onEvent({
      topic: 'scaffolder.task',
      eventPayload: { id, status: 'processing' },
    });
  const heartbeatAgeS = async (id: string) =>
    Number(
      (
        await knex('tasks')
          .where({ id })
          .first(
            knex.raw(
              'extract(epoch from now() - last_heartbeat_at)::int AS age',
            ),
          )
      ).age,
    );
  const setHeartbeatAge = (id: string, ageS: number) =>
    knex('tasks')
      .where({ id })
      .update({
        last_heartbeat_at: knex.raw('now() - make_interval(secs => ?)', [ageS]),
      });
  /** Kills an instance's session the way a process death does. */
  async function kill(liveness: TaskLiveness) {
    const pids = (
      await knex.raw(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()`,
      )
    ).rows.map((r: { pid: number }) => r.pid);
    // the victim's session is the one holding locks that no other live instance holds
    expect(pids.length).toBeGreaterThan(0);
    await knex.raw(
      `SELECT pg_terminate_backend(pid) FROM unnest(?::int[]) AS pid`,
      [pids],
    );
    // forget it without touching its (dead) session
    instances.splice(instances.indexOf(liveness), 1);
  }

  it('a task whose instance died is handed to the recovery; one whose instance lives is not', async () => {
    const [victim, survivor] = [instance(), instance()];
    const dies = await runningTask();
    await claim(victim, dies);
    expect(await survivor.check()).toEqual([]); // held, and beating
    expect(await heartbeatAgeS(dies)).toBeLessThan(10);

    await kill(victim);
    // just killed: its heartbeat is still fresh (a blip, not a death yet)
    expect(await survivor.check()).toEqual([]);
    // silent as a dead process stays
    await setHeartbeatAge(dies, 3);
    expect(await survivor.check()).toEqual([dies]);
    // dated back past any stale timeout, still `processing`: the
    // scaffolder's recovery takes it from here
    expect(await heartbeatAgeS(dies)).toBeGreaterThan(3600);
    expect((await knex('tasks').where({ id: dies }).first()).status).toBe(
      'processing',
    );
    // once only
    expect(await survivor.check()).toEqual([]);
  });

  it('never takes a task from a live instance, however late its heartbeat (a starved instance keeps its session)', async () => {
    const [owner, other] = [instance(), instance()];
    const starved = await runningTask();
    await claim(owner, starved);
    expect(await other.check()).toEqual([]);
    await setHeartbeatAge(starved, 600);
    for (let i = 0; i < 3; i++) expect(await other.check()).toEqual([]);
    expect(await heartbeatAgeS(starved)).toBeLessThan(700);
  });

  it('a silent task nobody holds is handed over (its instance died before taking the lock, or runs without this module); a beating one is not', async () => {
    const watcher = instance();
    const silentUnlocked = await runningTask(120);
    const beating = await runningTask(0);
    expect(await watcher.check()).toEqual([silentUnlocked]);
    expect(await heartbeatAgeS(beating)).toBeLessThan(10);
    expect(await watcher.check()).toEqual([]);
  });

  it('keeps the lock of a task it just claimed that does not read processing yet (the claim not committed)', async () => {
    const [owner, other] = [instance(), instance()];
    const id = await runningTask();
    await knex('tasks').where({ id }).update({ status: 'open' });
    await claim(owner, id);
    await owner.check();
    await knex('tasks').where({ id }).update({ status: 'processing' });
    await setHeartbeatAge(id, 60);
    // still held by the owner: a live instance's task is not taken
    expect(await other.check()).toEqual([]);
  });

  it('releases the lock when the task ends, so its end is never taken for a death', async () => {
    const [owner, other] = [instance(), instance()];
    for (const status of ['completed', 'failed', 'cancelled']) {
      const id = await runningTask();
      await claim(owner, id);
      expect(await other.check()).toEqual([]);
      await owner.onEvent({
        topic: 'scaffolder.task',
        eventPayload: { id, status },
      });
      await knex('tasks').where({ id }).update({ status });
      await setHeartbeatAge(id, 30);
      expect(await other.check()).toEqual([]);
      // and the lock is free again: another instance could take it
      const lockedBy = await knex.raw(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`,
      );
      expect(lockedBy.rows[0].n).toBe(0);
    }
  });

  it('a task recovered elsewhere and claimed by another instance: its new owner holds it, the old lock goes', async () => {
    const [first, second, watcher] = [instance(), instance(), instance()];
    const id = await runningTask();
    await claim(first, id);
    await kill(first);
    await setHeartbeatAge(id, 3);
    expect(await watcher.check()).toEqual([id]);
    // the scaffolder recovered it and `second` claimed it
    await claim(second, id);
    await setHeartbeatAge(id, 0);
    expect(await watcher.check()).toEqual([]);
    await setHeartbeatAge(id, 60);
    // held by a live session: not taken, however silent
    expect(await watcher.check()).toEqual([]);
  });

  it('ignores malformed events', async () => {
    const liveness = instance();
    for (const eventPayload of [
      undefined,
      null,
      'processing',
      {},
      { id: 1, status: 'processing' },
      { id: 'x', status: 1 },
      { id: ['x'], status: 'processing' },
    ])
      await expect(
        liveness.onEvent({ topic: 'scaffolder.task', eventPayload }),
      ).resolves.toBeUndefined();
    const locks = await knex.raw(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted`,
    );
    expect(locks.rows[0].n).toBe(0);
  });
});
