// npm run templates:test [-- --update] [-- --only <template>]   (ports: TEMPLATES_TEST_PORT, TEMPLATES_TEST_POSTGRES_PORT)
//
// For every template in templates/<name>/ and every input in its examples/:
//  1. run it through the real portal (real scaffolder, real git host) over REST,
//  2. git clone the repository it created,
//  3. compare the clone with templates/<name>/golden/<example>/ (--update rewrites),
//  4. validate it: actionlint on workflows, Helm chart rendered for every
//     environment and validated against the Kubernetes schemas with every
//     other manifest, secret scan, and the service's own build and tests;
//     for a service, the supply chain check (chain.mjs);
//  5. for a service, clone the platform's GitOps repository and check the
//     service's Argo CD objects there (gitops.mjs): CRD schemas, the team's
//     AppProject, chart and namespaces, and no Argo CD object in the team repo;
//  6. for a service, its docs build as the portal builds them (techdocs.mjs),
//     and the portal's own scorecard (scorecards/services.yaml), evaluated
//     by the portal on the entity the task registered, gives it at least
//     Silver (scorecard.mjs).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { guestToken, waitForCatalog } from '../../../e2e/lib/portalApi.mjs';
import {
  ensureFrontendBuilt,
  ensurePostgres,
  repoRoot,
  startBackend,
  waitForReady,
} from '../../../scripts/lib/portal.mjs';
import {
  compareWithGolden,
  formatGoldenComparison,
  lintWorkflows,
  renderHelmChart,
  scanSecrets,
  validateKubernetesManifests,
} from './index.mjs';
import { checkChain } from './chain.mjs';
import { checkGitops } from './gitops.mjs';
import { checkScorecardLevel } from './scorecard.mjs';
import { checkTechDocs } from './techdocs.mjs';

const run = promisify(execFile);
const args = process.argv.slice(2);
const update = args.includes('--update');
const only = args.includes('--only')
  ? args[args.indexOf('--only') + 1]
  : undefined;
const PUBLIC_BASE_URL = 'http://localhost:7007';
const port = Number(process.env.TEMPLATES_TEST_PORT ?? 7037);

/** @typedef {{ template: string, example: string, check: string, ok: boolean, detail?: string }} CheckResult */
/** @type {CheckResult[]} */
const results = [];
function record(/** @type {CheckResult} */ result) {
  results.push(result);
  const line = `${result.ok ? 'PASS' : 'FAIL'}  ${result.template}/${
    result.example
  }  ${result.check}`;
  console.log(
    result.ok || !result.detail ? line : `${line}\n${indent(result.detail)}`,
  );
}
const indent = (/** @type {string} */ text) =>
  text
    .split('\n')
    .map(l => `      ${l}`)
    .join('\n');

/** Runs one check, recording a failure (with its message) instead of throwing. */
async function check(template, example, name, fn) {
  try {
    const detail = await fn();
    record({
      template,
      example,
      check: name,
      ok: !detail,
      detail: detail || undefined,
    });
  } catch (error) {
    record({
      template,
      example,
      check: name,
      ok: false,
      detail: /** @type {Error} */ (error).message,
    });
  }
}

/**
 * The golden paths: templates that publish a repository. Others (e.g.
 * register-existing, which only registers a URL) create nothing to compare
 * or build, and are listed as such.
 */
function templatesWithExamples() {
  const dir = path.join(repoRoot, 'templates');
  return fs
    .readdirSync(dir)
    .filter(name => !name.startsWith('_') && (!only || name === only))
    .filter(name => fs.existsSync(path.join(dir, name, 'template.yaml')))
    .filter(name => {
      const steps =
        YAML.parse(
          fs.readFileSync(path.join(dir, name, 'template.yaml'), 'utf-8'),
        )?.spec?.steps ?? [];
      const publishes = steps.some(step => step.action === 'launchpad:publish');
      if (!publishes)
        console.log(
          `info  ${name}: creates no repository (no launchpad:publish step), so it has no golden output`,
        );
      return publishes;
    })
    .map(name => {
      const examplesDir = path.join(dir, name, 'examples');
      const examples = fs.existsSync(examplesDir)
        ? fs
            .readdirSync(examplesDir)
            .filter(f => f.endsWith('.json'))
            .sort()
        : [];
      return { name, dir: path.join(dir, name), examples };
    });
}

async function api(baseUrl, token, method, route, body) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok)
    throw new Error(
      `${method} ${route}: ${res.status} ${json?.error?.message ?? text}`,
    );
  return json;
}

/** Runs a template through the scaffolder and waits for the task to end. */
async function runTemplate(baseUrl, token, templateName, values) {
  const { id } = await api(baseUrl, token, 'POST', '/api/scaffolder/v2/tasks', {
    templateRef: `template:default/${templateName}`,
    values,
  });
  const deadline = Date.now() + 180_000;
  for (;;) {
    const task = await api(
      baseUrl,
      token,
      'GET',
      `/api/scaffolder/v2/tasks/${id}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(task.status)) {
      const events = await api(
        baseUrl,
        token,
        'GET',
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      const log = events
        .map(e => e.body?.message ?? '')
        .filter(Boolean)
        .join('\n');
      const output =
        events.find(e => e.type === 'completion')?.body?.output ?? {};
      return { status: task.status, log, output };
    }
    if (Date.now() > deadline)
      throw new Error(`task ${id} did not finish in 180 s`);
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Every YAML file below deploy/ (manifests applied by Argo CD or the platform). */
function manifestFiles(repo) {
  const deploy = path.join(repo, 'deploy');
  if (!fs.existsSync(deploy)) return [];
  return fs
    .readdirSync(deploy, { recursive: true })
    .map(String)
    .filter(f => /\.ya?ml$/.test(f))
    .map(f => path.join(deploy, f));
}

function formatFindings(findings, fmt) {
  return findings.length ? findings.map(fmt).join('\n') : '';
}

async function validateRepo(template, example, repo, environments) {
  await check(template, example, 'actionlint', async () =>
    formatFindings(
      await lintWorkflows(repo),
      f => `${f.file}:${f.line}:${f.column} ${f.message} [${f.rule}]`,
    ),
  );

  const chartsDir = path.join(repo, 'charts');
  const charts = fs.existsSync(chartsDir) ? fs.readdirSync(chartsDir) : [];
  for (const chart of charts) {
    for (const env of environments) {
      await check(
        template,
        example,
        `helm ${chart} ${env} renders and validates`,
        async () => {
          const chartDir = path.join(chartsDir, chart);
          const valuesFile = `values-${env}.yaml`;
          if (!fs.existsSync(path.join(chartDir, valuesFile)))
            return `charts/${chart}/${valuesFile} is missing`;
          const rendered = await renderHelmChart(chartDir, [valuesFile], {
            releaseName: chart,
            namespace: `${example}-${env}`,
          });
          const errors = await validateKubernetesManifests(rendered, {
            source: `charts/${chart} (${env})`,
            rejectDeprecated: true,
          });
          return formatFindings(
            errors,
            e => `${e.source}: ${e.kind}/${e.name}: ${e.message}`,
          );
        },
      );
    }
  }

  const manifests = manifestFiles(repo);
  await check(
    template,
    example,
    `kubernetes schemas (${manifests.length} files in deploy/)`,
    async () => {
      const errors = [];
      for (const file of manifests) {
        errors.push(
          ...(await validateKubernetesManifests(
            fs.readFileSync(file, 'utf-8'),
            { source: path.relative(repo, file) },
          )),
        );
      }
      return formatFindings(
        errors,
        e => `${e.source}: ${e.kind}/${e.name}: ${e.message}`,
      );
    },
  );

  // A service (it has a Dockerfile): its workflows and chart as one supply chain.
  if (fs.existsSync(path.join(repo, 'Dockerfile'))) {
    await check(
      template,
      example,
      'supply chain (build once, scan, push, sign, attest, PR by digest)',
      async () =>
        formatFindings(
          await checkChain(repo, { environments }),
          f => `${f.file}: [${f.rule}] ${f.message}`,
        ),
    );
  }

  if (fs.existsSync(path.join(repo, 'mkdocs.yml'))) {
    await check(
      template,
      example,
      'TechDocs: plain mkdocs.yml, mkdocs build --strict',
      async () =>
        formatFindings(
          await checkTechDocs(repo),
          f => `${f.file}: ${f.message}`,
        ),
    );
  }

  await check(template, example, 'no secrets', async () =>
    formatFindings(
      await scanSecrets(repo),
      f => `${f.file}:${f.line} ${f.message} [${f.rule}]`,
    ),
  );

  if (fs.existsSync(path.join(repo, 'package.json'))) {
    await check(template, example, 'npm install && npm test', async () => {
      await run('npm', ['install', '--no-audit', '--no-fund'], {
        cwd: repo,
        maxBuffer: 64 << 20,
      });
      await run('npm', ['test'], { cwd: repo, maxBuffer: 64 << 20 });
      return '';
    });
  }
  if (fs.existsSync(path.join(repo, 'go.mod'))) {
    await check(template, example, 'go vet && go test ./...', async () => {
      await run('go', ['vet', './...'], { cwd: repo, maxBuffer: 64 << 20 });
      await run('go', ['test', './...'], { cwd: repo, maxBuffer: 64 << 20 });
      return '';
    });
  }
}

/** The platform's GitOps repository (launchpad.goldenPaths.gitops.repository, default). */
const GITOPS_REPO = 'platform/gitops';

/**
 * A service's registration in the platform's GitOps repository: a fresh clone
 * after each golden path run, checked by checkGitops.
 */
async function validateGitops(
  template,
  example,
  { baseUrl, work, clone, values, repoUrl },
) {
  const team = String(values.owner ?? '')
    .split('/')
    .pop();
  const gitopsClone = path.join(work, 'gitops', template, example);
  await check(
    template,
    example,
    `git clone ${GITOPS_REPO} over HTTP`,
    async () => {
      await run('git', [
        'clone',
        '--quiet',
        `${baseUrl}/api/git/${GITOPS_REPO}.git`,
        gitopsClone,
      ]);
      return '';
    },
  );
  if (!fs.existsSync(gitopsClone)) return;
  await check(
    template,
    example,
    `GitOps: apps/${team}/${values.name}.yaml in ${GITOPS_REPO} (CRD schemas, project team-${team}, team chart and namespaces; no Argo CD object in the team repo)`,
    async () =>
      formatFindings(
        await checkGitops({
          gitopsDir: gitopsClone,
          teamRepoDir: clone,
          team,
          service: values.name,
          teamCloneUrl: `${repoUrl}.git`,
          environments: ['dev', 'stage', 'prod'],
        }),
        f => `${f.file}: [${f.rule}] ${f.message}`,
      ),
  );
}

/** The level every service golden path promises on the portal's scorecard. */
const SCORECARD = { scorecardId: 'service-maturity', atLeast: 'silver' };

/**
 * Asks the running portal to score the entity the task registered, with the
 * real definitions (scorecards/) and fact sources, and checks the level.
 */
async function validateScorecard(
  template,
  example,
  { baseUrl, token, entityRef },
) {
  await check(
    template,
    example,
    `scorecard ${SCORECARD.scorecardId}: ${entityRef} reaches ${SCORECARD.atLeast} at registration`,
    async () => {
      if (!entityRef) return 'the task reported no entityRef';
      await api(baseUrl, token, 'POST', '/api/scorecards/evaluate', {
        entityRefs: [entityRef],
      });
      const [kind, rest] = entityRef.split(':');
      const [namespace, name] = rest.split('/');
      const answer = await api(
        baseUrl,
        token,
        'GET',
        `/api/scorecards/entities/${kind}/${namespace}/${name}`,
      );
      const findings = checkScorecardLevel(answer, SCORECARD);
      const score = answer.scorecards?.find(
        s => s.scorecard?.id === SCORECARD.scorecardId,
      );
      if (score)
        console.log(
          `info  ${template}/${example}: ${entityRef} is ${
            score.level ?? 'below bronze'
          } (${score.points}/${score.maxPoints} points); not passed: ${
            score.checks
              .filter(c => c.status !== 'passed')
              .map(c => `${c.checkId}=${c.status}`)
              .join(', ') || 'none'
          }`,
        );
      return formatFindings(findings, f => `[${f.rule}] ${f.message}`);
    },
  );
}

async function main() {
  const templates = templatesWithExamples();
  ensureFrontendBuilt();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-templates-'));
  // Its own folder directly under the temp dir: the postgres user must reach it.
  const pgDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'launchpad-templates-pg-'),
  );
  const pg = await ensurePostgres({
    dataDir: pgDir,
    port: Number(process.env.TEMPLATES_TEST_POSTGRES_PORT ?? 54333),
  });
  const backend = startBackend({
    port,
    publicBaseUrl: PUBLIC_BASE_URL,
    stdio: 'pipe',
    env: {
      ...pg.env,
      APP_CONFIG_backend_database_prefix: `tpl${randomBytes(3).toString(
        'hex',
      )}_`,
      APP_CONFIG_gitHosting_root: path.join(work, 'git'),
    },
  });
  const logFile = fs.createWriteStream(path.join(work, 'backend.log'));
  backend.child.stdout?.pipe(logFile);
  backend.child.stderr?.pipe(logFile);
  const baseUrl = `http://localhost:${port}`;
  const environments = ['dev', 'stage', 'prod'];

  try {
    await waitForReady(baseUrl, { child: backend.child });
    await waitForCatalog(baseUrl, await guestToken(baseUrl));
    // The platform team tests its templates: the platform-engineer persona (a
    // platform admin, who may pick any team as owner), signed in once the
    // catalog knows its groups.
    const token = await guestToken(baseUrl, 'platform-engineer');

    for (const template of templates) {
      if (!template.examples.length) {
        record({
          template: template.name,
          example: '-',
          check: 'has examples/*.json',
          ok: false,
          detail: 'add at least one realistic input',
        });
        continue;
      }
      const metadataName = readTemplateName(template.dir);
      for (const exampleFile of template.examples) {
        const example = exampleFile.replace(/\.json$/, '');
        const values = JSON.parse(
          fs.readFileSync(
            path.join(template.dir, 'examples', exampleFile),
            'utf-8',
          ),
        );
        const task = await runTemplate(baseUrl, token, metadataName, values);
        record({
          template: template.name,
          example,
          check: 'scaffolder task completes',
          ok: task.status === 'completed',
          detail: task.status === 'completed' ? undefined : task.log,
        });
        if (task.status !== 'completed') continue;

        const repoLink = (task.output.links ?? []).find(l =>
          l.url?.startsWith(`${PUBLIC_BASE_URL}/api/git/`),
        );
        const clone = path.join(work, 'clones', template.name, example);
        await check(template.name, example, 'git clone over HTTP', async () => {
          if (!repoLink)
            return `no repository link in the task output: ${JSON.stringify(
              task.output,
            )}`;
          await run('git', [
            'clone',
            '--quiet',
            `${repoLink.url.replace(PUBLIC_BASE_URL, baseUrl)}.git`,
            clone,
          ]);
          return '';
        });
        if (!fs.existsSync(clone)) continue;

        await check(
          template.name,
          example,
          update ? 'golden files (updated)' : 'matches golden files',
          async () => {
            const golden = path.join(template.dir, 'golden', example);
            const comparison = await compareWithGolden(clone, golden, {
              update,
            });
            if (update) return '';
            const differs =
              comparison.added.length +
              comparison.removed.length +
              comparison.changed.length;
            return differs
              ? `${formatGoldenComparison(
                  comparison,
                )}\n(run npm run templates:test -- --update to accept)`
              : '';
          },
        );
        await validateRepo(template.name, example, clone, environments);
        // Services and databases both register with the platform's GitOps repository
        if (
          fs.existsSync(path.join(clone, 'Dockerfile')) ||
          fs.existsSync(path.join(clone, 'charts'))
        ) {
          await validateGitops(template.name, example, {
            baseUrl,
            work,
            clone,
            values,
            repoUrl: repoLink.url,
          });
        }
        // The service standard leads to Silver at registration
        if (fs.existsSync(path.join(clone, 'Dockerfile'))) {
          const entityLink = (task.output.links ?? []).find(l => l.entityRef);
          await validateScorecard(template.name, example, {
            baseUrl,
            token,
            entityRef: entityLink?.entityRef,
          });
        }
      }
    }
  } finally {
    await backend.stop();
    await pg.stop();
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(pgDir, { recursive: true, force: true });
  }

  const failed = results.filter(r => !r.ok).length;
  console.log(
    `\ntemplates: ${results.length - failed} passed, ${failed} failed`,
  );
  process.exit(failed ? 1 : 0);
}

function readTemplateName(dir) {
  const name = YAML.parse(
    fs.readFileSync(path.join(dir, 'template.yaml'), 'utf-8'),
  )?.metadata?.name;
  if (!name) throw new Error(`${dir}/template.yaml has no metadata.name`);
  return name;
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
