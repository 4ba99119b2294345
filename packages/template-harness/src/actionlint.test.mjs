// @ts-check
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lintWorkflows, lintWorkflowText } from './index.mjs';

const fixtures = fileURLToPath(
  new URL('../fixtures/workflows/', import.meta.url),
);

test('a good workflow (ubuntu-24.04, actions v4, matrix) has no findings', async () => {
  assert.deepEqual(await lintWorkflows(path.join(fixtures, 'good')), []);
});

test('workflow mistakes are reported with file, line, column and rule', async () => {
  const findings = await lintWorkflows(path.join(fixtures, 'bad'));
  const summary = findings.map(f => `${f.file}:${f.line} ${f.rule}`);
  assert.deepEqual(summary, [
    '.github/workflows/ci.yaml:12 action',
    '.github/workflows/ci.yaml:13 expression',
    '.github/workflows/ci.yaml:14 job-needs',
    '.github/workflows/triage.yml:9 expression',
  ]);
  assert.match(
    findings[0].message,
    /input "node_version" is not defined in action "actions\/setup-node@v4"/,
  );
  assert.match(findings[1].message, /property "shard" is not defined/);
  assert.match(findings[2].message, /needs job "tests" which does not exist/);
  assert.match(
    findings[3].message,
    /"github\.event\.issue\.title" is potentially untrusted/,
  );
  for (const f of findings)
    assert.ok(f.column > 0, `column of ${f.file}:${f.line}`);
});

test('YAML syntax errors are findings, and the linter keeps working afterwards', async () => {
  const broken = await lintWorkflowText(
    'on: [push\njobs: {}\n',
    '.github/workflows/broken.yaml',
  );
  assert.equal(broken.length, 1);
  assert.equal(broken[0].rule, 'syntax-check');
  const ok = await lintWorkflowText(
    'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n',
    '.github/workflows/ok.yaml',
  );
  assert.deepEqual(ok, []);
});

test('no globals are left behind by the Go runtime', async () => {
  await lintWorkflowText('on: push\njobs: {}\n', 'x.yaml');
  const g = /** @type {Record<string, unknown>} */ (
    /** @type {unknown} */ (globalThis)
  );
  for (const name of ['Go', 'fs', 'runActionlint', 'throwError']) {
    assert.equal(g[name], undefined, `globalThis.${name}`);
  }
});

test('a repository without .github/workflows has no findings', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-actionlint-'));
  try {
    assert.deepEqual(await lintWorkflows(dir), []);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
