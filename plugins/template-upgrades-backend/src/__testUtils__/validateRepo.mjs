// Runs the template harness's validators (packages/template-harness) on one
// repository folder, as `npm run templates:test` does on a freshly created
// one: actionlint, the chart rendered with helm for each environment and
// validated against Kubernetes/CRD schemas, deploy/ manifests, the supply
// chain, TechDocs, the secret scan, and build-and-test (npm or go).
// Usage: node validateRepo.mjs <repoDir>; prints a JSON array of findings.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  checkChain,
  lintWorkflows,
  renderHelmChart,
  scanSecrets,
  validateKubernetesManifests,
  checkTechDocs,
} from '@internal/template-harness';

const run = promisify(execFile);
const repo = path.resolve(process.argv[2]);
const environments = ['dev', 'stage', 'prod'];
const findings = [];
const checks = [];
const check = async (name, fn) => {
  checks.push(name);
  try {
    const found = await fn();
    if (found.length) findings.push(...found.map(f => `${name}: ${f}`));
  } catch (error) {
    findings.push(`${name}: ${error.message.slice(0, 2000)}`);
  }
};

await check('actionlint', async () =>
  (await lintWorkflows(repo)).map(f => `${f.file}:${f.line} ${f.message}`),
);
const chartsDir = path.join(repo, 'charts');
for (const chart of fs.existsSync(chartsDir) ? fs.readdirSync(chartsDir) : []) {
  for (const env of environments) {
    await check(`helm ${chart} ${env}`, async () => {
      const rendered = await renderHelmChart(
        path.join(chartsDir, chart),
        [`values-${env}.yaml`],
        {
          releaseName: chart,
          namespace: `fleet-${env}`,
        },
      );
      return (
        await validateKubernetesManifests(rendered, {
          source: `charts/${chart} (${env})`,
          rejectDeprecated: true,
        })
      ).map(e => `${e.kind}/${e.name}: ${e.message}`);
    });
  }
}
const deploy = path.join(repo, 'deploy');
if (fs.existsSync(deploy)) {
  await check('deploy manifests', async () => {
    const errors = [];
    for (const f of fs
      .readdirSync(deploy, { recursive: true })
      .map(String)
      .filter(name => /\.ya?ml$/.test(name)))
      errors.push(
        ...(await validateKubernetesManifests(
          fs.readFileSync(path.join(deploy, f), 'utf-8'),
          { source: f },
        )),
      );
    return errors.map(e => `${e.source}: ${e.kind}/${e.name}: ${e.message}`);
  });
}
if (fs.existsSync(path.join(repo, 'Dockerfile')))
  await check('supply chain', async () =>
    (
      await checkChain(repo, { environments })
    ).map(f => `${f.file}: [${f.rule}] ${f.message}`),
  );
if (fs.existsSync(path.join(repo, 'mkdocs.yml')))
  await check('techdocs', async () =>
    (await checkTechDocs(repo)).map(f => `${f.file}: ${f.message}`),
  );
await check('secrets', async () =>
  (await scanSecrets(repo)).map(f => `${f.file}:${f.line} ${f.message}`),
);
if (fs.existsSync(path.join(repo, 'package.json')))
  await check('npm install && npm test', async () => {
    await run('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: repo,
      maxBuffer: 64 << 20,
    });
    await run('npm', ['test'], { cwd: repo, maxBuffer: 64 << 20 });
    return [];
  });
if (fs.existsSync(path.join(repo, 'go.mod')))
  await check('go vet && go test', async () => {
    await run('go', ['vet', './...'], { cwd: repo, maxBuffer: 64 << 20 });
    await run('go', ['test', './...'], { cwd: repo, maxBuffer: 64 << 20 });
    return [];
  });
process.stdout.write(JSON.stringify({ checks, findings }));
