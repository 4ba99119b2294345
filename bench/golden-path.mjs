// Golden path end to end through the REST API, as a developer's form submit:
// submit task -> repository exists on the git host -> entity in the catalog.
// p50/p95 over N runs (default 20) of the node-service template. Prints, never asserts.
//   node bench/golden-path.mjs [runs]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { guestToken, waitForCatalog } from '../e2e/lib/portalApi.mjs';
import {
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from '../scripts/lib/portal.mjs';
import { ms, summarize } from './lib.mjs';

const runs = Number(process.argv[2] ?? 20);
const port = 7047;
const baseUrl = `http://localhost:${port}`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-bench-golden-'));
const example = JSON.parse(
  fs.readFileSync(
    path.join(repoRoot, 'templates/node-service/examples/loyalty-service.json'),
    'utf-8',
  ),
);

const pgDir = fs.mkdtempSync(
  path.join(os.tmpdir(), 'launchpad-bench-golden-pg-'),
);
const pg = await ensurePostgres({ dataDir: pgDir, port: 54334 });
const backend = startBackend({
  port,
  stdio: 'pipe',
  env: {
    ...pg.env,
    APP_CONFIG_backend_database_prefix: `bgp${randomBytes(3).toString('hex')}_`,
    APP_CONFIG_gitHosting_root: path.join(work, 'git'),
  },
});
backend.child.stdout.resume();
backend.child.stderr.resume();

async function call(token, method, route, body) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body && JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

try {
  await waitForReady(baseUrl, { child: backend.child });
  await waitForCatalog(baseUrl, await guestToken(baseUrl));
  // A token issued once the catalog knows the developer's team (her groups are in it)
  const token = await guestToken(baseUrl);
  const total = [];
  const untilTaskDone = [];
  /** step title -> durations (ms), from the task's own events */
  const perStep = new Map();
  for (let i = 0; i < runs; i++) {
    const name = `bench-svc-${i}-${randomBytes(2).toString('hex')}`;
    const started = performance.now();
    const created = await call(token, 'POST', '/api/scaffolder/v2/tasks', {
      templateRef: 'template:default/node-service',
      values: { ...example, name },
    });
    if (created.status !== 201)
      throw new Error(`task not created: ${JSON.stringify(created.body)}`);
    for (;;) {
      const task = await call(
        token,
        'GET',
        `/api/scaffolder/v2/tasks/${created.body.id}`,
      );
      if (task.body.status === 'completed') break;
      if (['failed', 'cancelled'].includes(task.body.status))
        throw new Error(`task ${task.body.status}`);
      await new Promise(r => setTimeout(r, 50));
    }
    untilTaskDone.push(performance.now() - started);
    const events = await call(
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${created.body.id}/events`,
    );
    const begun = new Map();
    for (const e of events.body ?? []) {
      const m = /^(Beginning|Finished) step (.+)$/.exec(e.body?.message ?? '');
      if (!m) continue;
      const at = Date.parse(e.createdAt);
      if (m[1] === 'Beginning') begun.set(m[2], at);
      else if (begun.has(m[2])) {
        if (!perStep.has(m[2])) perStep.set(m[2], []);
        perStep.get(m[2]).push(at - begun.get(m[2]));
      }
    }
    const org = example.owner.split('/').pop();
    for (;;) {
      const repo = await fetch(
        `${baseUrl}/api/git/${org}/${name}.git/info/refs?service=git-upload-pack`,
      );
      const entity = await call(
        token,
        'GET',
        `/api/catalog/entities/by-name/component/default/${name}`,
      );
      if (repo.ok && entity.status === 200) break;
      await new Promise(r => setTimeout(r, 50));
    }
    total.push(performance.now() - started);
  }
  const t = summarize(total);
  const d = summarize(untilTaskDone);
  console.log(
    `golden path (node-service) submit -> repo cloneable -> entity in catalog: p50 ${ms(
      t.p50,
    )}, p95 ${ms(t.p95)}, max ${ms(t.max)} over ${t.n} runs`,
  );
  console.log(
    `  of which submit -> task completed: p50 ${ms(d.p50)}, p95 ${ms(d.p95)}`,
  );
  for (const [step, durations] of perStep) {
    const s = summarize(durations);
    console.log(`  step "${step}": p50 ${ms(s.p50)}, p95 ${ms(s.p95)}`);
  }
} finally {
  await backend.stop();
  await pg.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(pgDir, { recursive: true, force: true });
}
