// The checks a service golden path asks GitHub's branch protection to require
// (template.yaml, launchpad:publish's requiredStatusChecks) are jobs of the
// repository's CI that run on pull requests: a required check no job reports
// would block every pull request forever.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const templatesDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../templates',
);

for (const template of ['node-service', 'go-service']) {
  test(`${template}: branch protection requires CI jobs that run on pull requests`, () => {
    const spec = parse(
      fs.readFileSync(
        path.join(templatesDir, template, 'template.yaml'),
        'utf-8',
      ),
    ).spec;
    const publish = spec.steps.find(
      (/** @type {any} */ s) => s.action === 'launchpad:publish',
    );
    const required = publish.input.requiredStatusChecks;
    assert.ok(
      Array.isArray(required) && required.length >= 3,
      'requiredStatusChecks lists the CI checks',
    );

    const goldenDir = path.join(templatesDir, template, 'golden');
    for (const example of fs.readdirSync(goldenDir)) {
      const ci = parse(
        fs.readFileSync(
          path.join(goldenDir, example, '.github/workflows/ci.yaml'),
          'utf-8',
        ),
      );
      assert.ok(
        ci.on && 'pull_request' in ci.on,
        `${example}: ci.yaml runs on pull requests`,
      );
      const onPullRequests = Object.values(ci.jobs)
        .filter(
          (/** @type {any} */ job) =>
            !job.if ||
            !/github\.event_name\s*==\s*'push'|github\.ref\s*==/.test(
              String(job.if),
            ),
        )
        .filter((/** @type {any} */ job) => !job.strategy?.matrix)
        .map((/** @type {any} */ job) => job.name);
      assert.deepEqual(
        required.filter(
          (/** @type {string} */ check) => !onPullRequests.includes(check),
        ),
        [],
        `${example}: every required check is the name of a CI job that runs on pull requests (${onPullRequests.join(
          ' | ',
        )})`,
      );
    }
  });
}
