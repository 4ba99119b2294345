// Two replicas of the built backend (two node processes, two ports) on ONE
// Postgres and ONE git host root, as the Helm chart runs them: scheduled work
// runs once per schedule across them, a golden-path task is claimed by one
// of them, 20 concurrent golden paths finish, and a replica killed with
// SIGKILL in the middle of 10 golden paths leaves every task completed or
// failed with a reason (Backstage's scaffolder task recovery), no
// half-created or doubled repository, and one catalog entity per completed
// task.
//   node --test --test-concurrency=1 scripts/replicas/
// Timing (how long the crashed tasks took to end, against issue 10's 60 s)
// is printed, not asserted.
// Postgres: the server named by POSTGRES_HOST (as under scripts/test-all.mjs),
// else an embedded one on REPLICAS_POSTGRES_PORT (default 54356).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { until } from '../lib/testRuntime.mjs';
import {
  adminToken,
  apiFor,
  gitHostContents,
  goldenPathOrg,
  startCluster,
  submitGoldenPath,
} from './cluster.mjs';

/** Seconds between scheduled runs while the test watches them. */
const CADENCE_S = 10;
/** How long the test watches them. */
const WINDOW_S = 35;
/** Issue 10's goal for the tasks of a killed replica to end: printed, not asserted (timing is for benches). */
const CRASH_GOAL_MS = 60_000;
/** A hang guard, not a timing goal: a task still running after this never ends. */
const HANG_GUARD_MS = 300_000;

/** @type {Awaited<ReturnType<typeof startCluster>>} */
let cluster;
/** @type {string} */
let token;
const run = randomBytes(2).toString('hex');

before(async () => {
  cluster = await startCluster({
    count: 2,
    env: {
      // As in app-config.production.yaml: a task whose instance died is
      // picked up again by another instance...
      APP_CONFIG_scaffolder_taskRecovery_enabled: 'true',
      // ... found by the launchpad-tasks module (no Postgres session holds
      // the task and its heartbeat is 10 s silent); the
      // stale timeout is the fallback, Backstage's 30 s, so that a replica
      // starved on a busy machine never loses a task it is still running
      APP_CONFIG_scaffolder_taskRecovery_staleTimeout: JSON.stringify({
        seconds: 30,
      }),
      // 30 repositories for one team in a few minutes
      APP_CONFIG_launchpad_goldenPaths_quota_reposPerTeamPerHour: '1000',
      // Scheduled work often enough to watch several runs (objects merge
      // with app-config.yaml's, so its minutes are zeroed)
      APP_CONFIG_search_collators_catalog_schedule_frequency: JSON.stringify({
        minutes: 0,
        seconds: CADENCE_S,
      }),
      APP_CONFIG_search_collators_catalog_schedule_initialDelay: JSON.stringify(
        { seconds: 3 },
      ),
      APP_CONFIG_scorecards_schedule_frequency: JSON.stringify({
        minutes: 0,
        seconds: CADENCE_S,
      }),
      APP_CONFIG_scorecards_schedule_initialDelay: JSON.stringify({
        seconds: 3,
      }),
    },
  });
  token = await adminToken(cluster.replicas[0].baseUrl);
});

after(async () => {
  await cluster?.stop();
});

/**
 * Items by key (Object.groupBy arrives with Node 21).
 * @template T
 * @param {T[]} items
 * @param {(item: T) => string} key
 * @returns {Record<string, T[]>}
 */
function groupBy(items, key) {
  /** @type {Record<string, T[]>} */
  const out = {};
  for (const item of items) (out[key(item)] ??= []).push(item);
  return out;
}

/** Log lines of every replica, each with the replica's name, in arrival order. */
const allLogs = () =>
  cluster.replicas
    .flatMap(r => r.logs.map(l => ({ ...l, replica: r.name })))
    .sort((a, b) => a._at - b._at);

/** Audit events of the scaffolder executing a task (`initiated`: one per run of the task on some replica). */
const executions = (/** @type {Set<string>} */ taskIds, status = 'initiated') =>
  allLogs().filter(
    l =>
      l.isAuditEvent &&
      l.plugin === 'scaffolder' &&
      l.eventId === 'task' &&
      l.meta?.actionType === 'execution' &&
      l.status === status &&
      taskIds.has(l.meta?.taskId),
  );

/** Starts of a scheduled job in the logs of both replicas. */
function runStarts(
  /** @type {(message: string) => boolean} */ isStart,
  /** @type {number} */ since,
) {
  return allLogs()
    .filter(
      l =>
        l._at >= since && typeof l.message === 'string' && isStart(l.message),
    )
    .map(l => ({ at: l._at, replica: l.replica }));
}

const gitCommits = (/** @type {string} */ repo) =>
  execFileSync(
    'git',
    ['--git-dir', path.join(cluster.gitRoot, repo), 'rev-list', '--all'],
    { encoding: 'utf-8' },
  )
    .split('\n')
    .filter(Boolean);

/** Waits for tasks to end; returns id -> { status, error } (the completion event's reason). */
async function outcomes(
  /** @type {string[]} */ ids,
  /** @type {string} */ baseUrl,
  timeoutMs = 300_000,
) {
  const api = await apiFor(baseUrl, token);
  /** @type {Map<string, { status: string, error?: string }>} */
  const done = new Map();
  /** @type {Map<string, string>} */
  const pending = new Map();
  await until(
    `${ids.length} golden-path tasks to end`,
    async () => {
      pending.clear();
      for (const id of ids) {
        if (done.has(id)) continue;
        const task = await api('GET', `/api/scaffolder/v2/tasks/${id}`);
        if (!['completed', 'failed', 'cancelled'].includes(task.body?.status)) {
          pending.set(id, task.body?.status);
          continue;
        }
        const events = await api(
          'GET',
          `/api/scaffolder/v2/tasks/${id}/events`,
        );
        const completion = (events.body ?? []).findLast(
          (/** @type {any} */ e) => e.type === 'completion',
        );
        done.set(id, {
          status: task.body.status,
          error: completion?.body?.error?.message,
        });
      }
      return done.size === ids.length;
    },
    timeoutMs,
  ).catch(async error => {
    const api2 = await apiFor(baseUrl, token);
    const detail = [];
    for (const [id, status] of pending) {
      const events = await api2('GET', `/api/scaffolder/v2/tasks/${id}/events`);
      const last = (events.body ?? [])
        .slice(-2)
        .map(
          (/** @type {any} */ e) =>
            `${e.type}: ${String(e.body?.message).slice(0, 160)}`,
        );
      detail.push(`${id} ${status} (${last.join(' / ')})`);
    }
    throw new Error(`${error.message}; still running: ${detail.join('; ')}`);
  });
  return done;
}

/** The catalog's Components named `name` (from any replica). */
async function components(/** @type {string} */ name) {
  const api = await apiFor(cluster.replicas.at(-1)?.baseUrl ?? '', token);
  const res = await api(
    'GET',
    `/api/catalog/entities/by-query?filter=kind=component,metadata.name=${encodeURIComponent(
      name,
    )}`,
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items;
}

describe('two replicas on one Postgres', () => {
  test('scheduled work runs once per schedule across the replicas', async () => {
    // The catalog settles first (no entity changes for the watcher in the window)
    const api = await apiFor(cluster.replicas[0].baseUrl, token);
    await until(
      'the demo catalog',
      async () =>
        (
          await api(
            'GET',
            '/api/catalog/entities/by-name/component/default/payments-service',
          )
        ).status === 200,
    );
    const since = Date.now();
    await new Promise(r => setTimeout(r, WINDOW_S * 1000));

    // Global tasks live in the shared table of their plugin's database, one
    // row each (a local task would not be there: it runs in every process)
    const taskIds = async (/** @type {string} */ plugin) =>
      (
        await cluster
          .db(plugin)
          .query('SELECT id FROM backstage_backend_tasks__tasks ORDER BY id')
      ).rows.map(r => r.id);
    assert.deepEqual(await taskIds('search'), [
      'search_index_software_catalog',
    ]);
    assert.deepEqual(await taskIds('scorecards'), [
      'scorecards-evaluate',
      'scorecards-evaluate-changes',
    ]);

    // Runs of the whole cluster are a cadence apart (a run per replica would
    // start two within one cadence); 2 s of slack for the log pipes.
    for (const [what, isStart] of /** @type {const} */ ([
      [
        'search indexing',
        (/** @type {string} */ m) =>
          m.startsWith('Collating documents for software-catalog via'),
      ],
      [
        'scorecard evaluation',
        (/** @type {string} */ m) => m.startsWith('Scorecards evaluated'),
      ],
    ])) {
      const starts = runStarts(isStart, since);
      console.log(
        `${what}: ${
          starts.length
        } runs in ${WINDOW_S} s (cadence ${CADENCE_S} s) on replicas ${starts
          .map(s => s.replica)
          .join('')}`,
      );
      assert.ok(
        starts.length >= 2,
        `${what} ran ${starts.length} times in ${WINDOW_S} s`,
      );
      for (let i = 1; i < starts.length; i++) {
        const gap = starts[i].at - starts[i - 1].at;
        assert.ok(
          gap >= (CADENCE_S - 2) * 1000,
          `${what}: two runs ${gap} ms apart (${starts[i - 1].replica}, ${
            starts[i].replica
          })`,
        );
      }
    }
  });

  test('20 concurrent golden paths: each claimed by one replica, all completed, each repository created once', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `rep-${run}-c${i}`);
    const apis = await Promise.all(
      cluster.replicas.map(r => apiFor(r.baseUrl, token)),
    );
    // Submitted to both replicas at once
    const ids = await Promise.all(
      names.map((name, i) => submitGoldenPath(apis[i % apis.length], name)),
    );
    const submitted = Date.now();
    const done = await outcomes(ids, cluster.replicas[0].baseUrl);
    console.log(
      `20 concurrent golden paths ended ${
        Date.now() - submitted
      } ms after they were submitted`,
    );

    const failed = [...done].filter(([, o]) => o.status !== 'completed');
    assert.deepEqual(failed, [], 'every task completed');
    const claims = executions(new Set(ids));
    const byTask = groupBy(claims, c => c.meta.taskId);
    for (const id of ids)
      assert.equal(
        byTask[id]?.length,
        1,
        `task ${id} was run ${byTask[id]?.length ?? 0} times`,
      );
    const perReplica = groupBy(claims, c => c.replica);
    console.log(
      `claims per replica: ${Object.entries(perReplica)
        .map(([r, c]) => `${r} ${c?.length}`)
        .join(', ')}`,
    );
    const { rows } = await cluster
      .db('scaffolder')
      .query(
        'SELECT status, count(*)::int AS n FROM tasks WHERE id = ANY($1) GROUP BY status',
        [ids],
      );
    assert.deepEqual(rows, [{ status: 'completed', n: 20 }]);

    const { repos, other } = gitHostContents(cluster.gitRoot);
    assert.deepEqual(other, [], 'nothing but repositories on the git host');
    for (const name of names) {
      assert.ok(
        repos.includes(`${goldenPathOrg}/${name}.git`),
        `${name} is on the git host`,
      );
      assert.equal(
        gitCommits(`${goldenPathOrg}/${name}.git`).length,
        1,
        `${name} has its one first commit`,
      );
      assert.equal(
        (await components(name)).length,
        1,
        `${name} is in the catalog once`,
      );
    }
    assert.deepEqual(
      allLogs().filter(l => /deadlock detected/i.test(JSON.stringify(l))),
      [],
      'no Postgres deadlock in either log',
    );
  });

  test('SIGKILL to one replica in the middle of 10 golden paths: every task ends with a reason, no half-made or doubled repository', async () => {
    const [victim, survivor] = cluster.replicas;
    const names = Array.from({ length: 10 }, (_, i) => `rep-${run}-k${i}`);
    // Submitted to the victim, which claims them first (the other replica
    // would take them all: 10 is each replica's concurrentTasksLimit)
    const victimApi = await apiFor(victim.baseUrl, token);
    const ids = await Promise.all(
      names.map(name => submitGoldenPath(victimApi, name)),
    );
    const idSet = new Set(ids);

    // Killed once every task is claimed, while the victim runs some of them
    await until(
      'every task to be claimed',
      async () =>
        new Set(executions(idSet).map(c => c.meta.taskId)).size === ids.length,
      120_000,
    );
    victim.kill();
    const killedAt = Date.now();
    const ranOnVictim = (/** @type {string} */ status) =>
      executions(idSet, status)
        .filter(c => c.replica === victim.name)
        .map(c => c.meta.taskId);
    const finishedOnVictim = new Set([
      ...ranOnVictim('succeeded'),
      ...ranOnVictim('failed'),
    ]);
    const onVictim = new Set(
      ranOnVictim('initiated').filter(id => !finishedOnVictim.has(id)),
    );
    assert.ok(
      onVictim.size > 0,
      'the victim was running golden paths when it was killed',
    );

    const done = await outcomes(ids, survivor.baseUrl, HANG_GUARD_MS);
    const endedAfterMs = Date.now() - killedAt;
    const counts = groupBy([...done.values()], o => o.status);
    console.log(
      `crash: ${onVictim.size} of 10 tasks were running on the killed replica; all ended ${endedAfterMs} ms after the kill ` +
        `(goal ${CRASH_GOAL_MS} ms): ` +
        `${counts.completed?.length ?? 0} completed, ${
          counts.failed?.length ?? 0
        } failed` +
        `${
          counts.failed
            ? ` (${[...new Set(counts.failed.map(f => f.error))].join(' | ')})`
            : ''
        }`,
    );

    const { repos, other } = gitHostContents(cluster.gitRoot);
    assert.deepEqual(
      other,
      [],
      'no half-made repository (staging folder) left on the git host',
    );
    ids.forEach((id, i) => {
      const outcome = done.get(id);
      assert.ok(
        outcome && ['completed', 'failed'].includes(outcome.status),
        `task ${id} ended ${outcome?.status}`,
      );
      if (outcome?.status === 'failed')
        assert.ok(
          outcome.error && outcome.error.length > 10,
          `task ${id} failed with a reason`,
        );
      // A repository exactly for the completed tasks, each with one commit
      const repo = `${goldenPathOrg}/${names[i]}.git`;
      assert.equal(
        repos.includes(repo),
        outcome?.status === 'completed',
        `${repo} on the git host for a ${outcome?.status} task`,
      );
      if (outcome?.status === 'completed')
        assert.equal(gitCommits(repo).length, 1, `${repo} was pushed once`);
    });
    for (const [i, id] of ids.entries()) {
      const expected = done.get(id)?.status === 'completed' ? 1 : 0;
      assert.equal(
        (await components(names[i])).length,
        expected,
        `${names[i]}: ${expected} catalog entity for a ${
          done.get(id)?.status
        } task`,
      );
    }
    // Tasks of the killed replica were taken over by the survivor (none stays with a dead instance)
    const rerun = executions(idSet).filter(
      c => c.replica === survivor.name && onVictim.has(c.meta.taskId),
    );
    assert.equal(
      new Set(rerun.map(c => c.meta.taskId)).size,
      onVictim.size,
      'each task of the killed replica ran again on the survivor',
    );
    // ... found by the launchpad-tasks module (the victim's session closed
    // and its heartbeats stopped), not by the 30 s stale timeout
    const handedOver = new Set(
      survivor.logs
        .filter(
          l =>
            typeof l.message === 'string' &&
            / the instance running it is gone /.test(l.message),
        )
        .map(l => /^Task (\S+):/.exec(l.message)?.[1]),
    );
    console.log(
      `crash: ${
        [...onVictim].filter(id => handedOver.has(id)).length
      } of the killed replica's ${
        onVictim.size
      } running tasks were found by the task liveness check`,
    );
    assert.ok(
      [...onVictim].some(id => handedOver.has(id)),
      "the survivor's task liveness check found the killed replica's tasks",
    );
  });
});
