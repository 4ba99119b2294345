// @ts-check
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { renderHelmChart, validateKubernetesManifests } from './index.mjs';

const charts = fileURLToPath(new URL('../fixtures/charts/', import.meta.url));
const goodChart = path.join(charts, 'good-service');

/**
 * @param {string} rendered
 * @returns {Record<string, any>[]}
 */
function docs(rendered) {
  return parseAllDocuments(rendered).map(d => d.toJS());
}

/**
 * @param {string} env
 */
function render(env) {
  return renderHelmChart(goodChart, [`values-${env}.yaml`], {
    releaseName: 'orders',
    namespace: 'team-a',
  });
}

test('renders dev, stage and prod with the values merged in order', async () => {
  const dev = docs(await render('dev'));
  const stage = docs(await render('stage'));
  const prod = docs(await render('prod'));

  assert.deepEqual(
    dev.map(d => d.kind),
    ['Deployment', 'Service', 'ServiceAccount'],
  );
  assert.deepEqual(
    stage.map(d => d.kind),
    ['Deployment', 'PodDisruptionBudget', 'Service', 'ServiceAccount'],
  );
  assert.deepEqual(
    prod.map(d => d.kind),
    [
      'Deployment',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ],
  );

  const [devDeploy, stageDeploy, prodDeploy] = [dev[0], stage[0], prod[0]];
  assert.equal(devDeploy.metadata.name, 'orders-good-service'); // include + .Release + .Chart
  assert.equal(devDeploy.metadata.namespace, 'team-a');
  assert.equal(devDeploy.metadata.annotations.team, 'platform'); // tpl
  assert.equal(devDeploy.metadata.labels['app.kubernetes.io/version'], '1.4.2');
  assert.equal(devDeploy.spec.replicas, 1);
  assert.equal(stageDeploy.spec.replicas, 2);
  assert.equal(prodDeploy.spec.replicas, undefined); // the HPA owns replicas in prod

  const container = /** @param {Record<string, any>} d */ d =>
    d.spec.template.spec.containers[0];
  assert.equal(
    container(devDeploy).image,
    'registry.example.internal/launchpad/good-service:1.4.2',
  );
  assert.deepEqual(container(devDeploy).env, [
    { name: 'FEATURE_FLAGS', value: 'beta-dashboard' },
    { name: 'LOG_LEVEL', value: 'debug' },
  ]);
  // null in values-prod.yaml deletes FEATURE_FLAGS; maps merge (requests kept, limits added)
  assert.deepEqual(container(prodDeploy).env, [
    { name: 'LOG_LEVEL', value: 'warn' },
  ]);
  assert.deepEqual(container(prodDeploy).resources, {
    limits: { memory: '256Mi' },
    requests: { cpu: '50m', memory: '64Mi' },
  });
  assert.equal(prod[1].spec.minReplicas, 2);
});

test('output has helm template framing: ---, # Source, no NOTES.txt or helpers', async () => {
  const out = await render('dev');
  assert.ok(
    out.startsWith(
      '---\n# Source: good-service/templates/deployment.yaml\napiVersion: apps/v1\n',
    ),
    out.slice(0, 200),
  );
  assert.equal((out.match(/^---$/gm) ?? []).length, 3);
  assert.equal(
    (out.match(/^# Source: good-service\/templates\/service\.yaml$/gm) ?? [])
      .length,
    2,
  );
  assert.doesNotMatch(out, /NOTES|_helpers/);
  assert.doesNotMatch(out, /<no value>/);
});

test('every environment renders manifests that pass the Kubernetes schemas', async () => {
  for (const env of ['dev', 'stage', 'prod']) {
    assert.deepEqual(
      await validateKubernetesManifests(await render(env), { source: env }),
      [],
      env,
    );
  }
});

test('a failing `required` names the template file, the line and the message', async () => {
  await assert.rejects(
    renderHelmChart(path.join(charts, 'missing-required')),
    error => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /missing-required/);
      assert.match(error.message, /templates\/configmap\.yaml:6:\d+/);
      assert.match(
        error.message,
        /database\.host is required: set it in values-<env>\.yaml/,
      );
      return true;
    },
  );
});

test('a template syntax error names the file', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-chart-'));
  try {
    await fs.mkdir(path.join(dir, 'templates'));
    await fs.writeFile(
      path.join(dir, 'Chart.yaml'),
      'apiVersion: v2\nname: broken\nversion: 0.1.0\n',
    );
    await fs.writeFile(
      path.join(dir, 'templates', 'ok.yaml'),
      'kind: ConfigMap\n',
    );
    await fs.writeFile(
      path.join(dir, 'templates', 'broken.yaml'),
      'name: {{ .Values.name \n',
    );
    await assert.rejects(
      renderHelmChart(dir),
      /parse error in templates\/broken\.yaml/,
    );
    await assert.rejects(
      renderHelmChart(dir, ['values-missing.yaml']),
      /values file not found/,
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('missing Debian packages give an error naming them', () => {
  const script = `
    import { renderHelmChart } from ${JSON.stringify(
      new URL('./helm.mjs', import.meta.url).href,
    )};
    try { await renderHelmChart(${JSON.stringify(
      goodChart,
    )}); console.log('rendered'); }
    catch (e) { console.log(e.message); }
  `;
  const empty = fileURLToPath(new URL('.', import.meta.url)); // a folder with no Go libraries
  const res = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        LAUNCHPAD_GOPATH: empty,
        LAUNCHPAD_HELM_RENDER_CACHE: path.join(
          os.tmpdir(),
          `harness-empty-cache-${process.pid}`,
        ),
      },
    },
  );
  assert.equal(res.status, 0, res.stderr);
  assert.match(
    res.stdout,
    /missing Debian package\(s\) golang-github-masterminds-sprig-dev, golang-gopkg-yaml\.v3-dev, golang-gopkg-yaml\.v2-dev/,
  );
  assert.match(
    res.stdout,
    /apt-get install -y golang-go golang-github-masterminds-sprig-dev/,
  );
});
