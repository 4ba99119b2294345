/*
 * Repository facts from real git repositories on the portal's own git host,
 * read through the real UrlReader, in a backend with the real catalog,
 * scaffolder and scorecards plugin on the embedded Postgres. One repository
 * is created by the node-service golden path itself; the others by hand.
 * The scorecard is the platform team's own scorecards/services.yaml.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the test composes the module with the real git host and scorecards plugins, as the backend does
import gitHosting, {
  gitHostUrlReaderFactory,
} from '@internal/plugin-git-hosting-backend';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import launchpadActions from '@internal/plugin-scaffolder-backend-module-launchpad';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- see above
import scorecardsPlugin from '@internal/plugin-scorecards-backend';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import repoFacts from './index';

jest.setTimeout(180_000);

const auth = mockCredentials.user.header();
const repoRoot = path.resolve(__dirname, '../../..');
const GIT = 'http://localhost:7007/api/git';
const REPO_CHECKS = [
  'ci-workflow',
  'codeowners',
  'helm-environments',
  'sast-in-ci',
];

const ORG = `apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: checkout }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ada }
spec: { memberOf: [checkout] }
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: { name: checkout }
spec: { owner: checkout }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: on-disk-only, description: Registered from a file on the portal's disk }
spec: { type: service, lifecycle: production, owner: checkout }
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: on-a-dead-host
  description: Its repository is on a GitHub Enterprise host that does not answer
  annotations:
    backstage.io/source-location: url:https://localhost:1/acme/dead/tree/main/
spec: { type: service, lifecycle: production, owner: checkout }
`;

const catalogInfo = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: Written by hand
  annotations:
    backstage.io/source-location: url:${GIT}/checkout/${name}
spec: { type: service, lifecycle: production, owner: group:default/checkout }
`;

function write(root: string, file: string, content: string) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

const git = (args: string[], cwd: string) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf-8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  });

describe('repository fact source', () => {
  let backend: TestBackend;
  let dir: string;
  let store: GitRepositoryStore;

  const api = () => request(backend.server);
  const evaluate = () =>
    api().post('/api/scorecards/evaluate').set('Authorization', auth).send({});
  const repoChecks = async (
    name: string,
  ): Promise<Record<string, { status: string; actual: unknown }>> => {
    const res = await api()
      .get(`/api/scorecards/entities/component/default/${name}`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    const checks = res.body.scorecards[0].checks as any[];
    return Object.fromEntries(
      checks
        .filter(c => REPO_CHECKS.includes(c.checkId))
        .map(c => [c.checkId, { status: c.status, actual: c.actual }]),
    );
  };
  const inCatalog = (name: string) =>
    waitFor(
      async () => {
        const res = await api()
          .get(`/api/catalog/entities/by-name/component/default/${name}`)
          .set('Authorization', auth);
        return res.status === 200 ? true : undefined;
      },
      { describe: () => `component ${name} never reached the catalog` },
    );

  /** A repository on the git host with these files, registered from its catalog-info.yaml. */
  async function createRepo(name: string, files: Record<string, string>) {
    const work = fs.mkdtempSync(path.join(dir, 'work-'));
    for (const [file, content] of Object.entries(files))
      write(work, file, content);
    await store.create({ org: 'checkout', name });
    await store.pushDirectory({ org: 'checkout', name }, work, {
      authorName: 'Test',
      authorEmail: 'test@example.com',
      message: 'First commit',
    });
    const res = await api()
      .post('/api/catalog/locations')
      .set('Authorization', auth)
      .send({
        type: 'url',
        target: `${GIT}/checkout/${name}/raw/main/catalog-info.yaml`,
      });
    expect(res.status).toBe(201);
    await inCatalog(name);
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scorecards-repo-facts-'));
    const gitRoot = path.join(dir, 'git');
    store = new GitRepositoryStore(gitRoot);
    write(dir, 'org.yaml', ORG);

    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: testDatabaseConfig(),
            },
            gitHosting: { root: gitRoot },
            // A GitHub Enterprise host nobody listens on (port 1 refuses connections).
            integrations: {
              github: [
                {
                  host: 'localhost:1',
                  apiBaseUrl: 'http://localhost:1/api/v3',
                },
              ],
            },
            launchpad: {
              goldenPaths: {
                sharedDir: path.join(repoRoot, 'templates/_shared'),
              },
              // The task runs as the mock user, who is in no team of this catalog:
              // as a platform admin it may pick any owner (launchpad:publish's check).
              permissions: { admins: ['user:default/mock'] },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'API',
                    'System',
                    'Group',
                    'User',
                    'Location',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: path.join(dir, 'org.yaml') },
                {
                  type: 'file',
                  target: path.join(
                    repoRoot,
                    'templates/node-service/template.yaml',
                  ),
                },
              ],
            },
            scorecards: {
              definitionsDir: path.join(repoRoot, 'scorecards'),
              schedule: {
                frequency: { hours: 24 },
                timeout: { minutes: 10 },
                initialDelay: { hours: 24 },
              },
              // Every evaluation here is one the test asks for.
              evaluateOnChange: { enabled: false },
            },
          },
        }),
        catalogPlugin,
        scaffolderEntityModel,
        scaffolderPlugin,
        launchpadActions,
        gitHosting,
        gitHostUrlReaderFactory,
        scorecardsPlugin,
        repoFacts,
      ],
    });
    await waitFor(
      async () => {
        const res = await api()
          .get('/api/catalog/entities/by-name/template/default/node-service')
          .set('Authorization', auth);
        return res.status === 200 ? true : undefined;
      },
      { describe: () => 'the node-service template never reached the catalog' },
    );
    await inCatalog('on-disk-only');
    await inCatalog('on-a-dead-host');
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes every repository check for a service created from the node-service golden path', async () => {
    const created = await api()
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({
        templateRef: 'template:default/node-service',
        values: JSON.parse(
          fs.readFileSync(
            path.join(
              repoRoot,
              'templates/node-service/examples/loyalty-service.json',
            ),
            'utf-8',
          ),
        ),
      });
    expect(created.status).toBe(201);
    const task = await waitFor(
      async () => {
        const res = await api()
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', auth);
        return ['completed', 'failed', 'cancelled'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      { describe: () => `task ${created.body.id} did not finish` },
    );
    expect(task.status).toBe('completed');
    await inCatalog('loyalty-service');

    expect((await evaluate()).status).toBe(200);
    expect(await repoChecks('loyalty-service')).toEqual({
      'ci-workflow': { status: 'passed', actual: true },
      codeowners: { status: 'passed', actual: true },
      'helm-environments': {
        status: 'passed',
        actual: ['dev', 'prod', 'stage'],
      },
      'sast-in-ci': { status: 'passed', actual: true },
    });
  });

  it('fails the checks of a repository without them, and sees a new commit on the next evaluation', async () => {
    await createRepo('bare-service', {
      'catalog-info.yaml': catalogInfo('bare-service'),
      'README.md': '# bare-service\n',
      // A workflow that builds but runs no SAST tool, and a chart for prod only
      '.github/workflows/build.yml':
        'on: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm ci && npm test\n      - run: echo "semgrep some day"\n',
      'deploy/chart/Chart.yaml':
        'apiVersion: v2\nname: bare-service\nversion: 0.1.0\n',
      'deploy/chart/values-prod.yaml': 'replicaCount: 2\n',
    });
    await evaluate();
    expect(await repoChecks('bare-service')).toEqual({
      'ci-workflow': { status: 'passed', actual: true },
      codeowners: { status: 'failed', actual: false },
      'helm-environments': { status: 'failed', actual: ['prod'] },
      'sast-in-ci': { status: 'failed', actual: false },
    });

    // The team adds CODEOWNERS, the missing values files and semgrep.
    const clone = path.join(dir, 'bare-clone');
    git(
      [
        'clone',
        '--quiet',
        store.repoPath({ org: 'checkout', name: 'bare-service' }),
        clone,
      ],
      dir,
    );
    write(clone, '.github/CODEOWNERS', '* @northwind/checkout\n');
    write(clone, 'deploy/chart/values-dev.yaml', '{}\n');
    write(clone, 'deploy/chart/values-stage.yaml', '{}\n');
    write(
      clone,
      '.github/workflows/sast.yaml',
      'on: [pull_request]\njobs:\n  semgrep:\n    runs-on: ubuntu-latest\n    container: semgrep/semgrep\n    steps:\n      - run: semgrep ci\n',
    );
    git(['add', '--all'], clone);
    git(['commit', '--quiet', '-m', 'Meet the standard'], clone);
    git(['push', '--quiet', 'origin', 'HEAD:main'], clone);

    const res = await evaluate();
    expect(res.body.reasons).toMatchObject({ scheduled: 1 });
    expect(await repoChecks('bare-service')).toEqual({
      'ci-workflow': { status: 'passed', actual: true },
      codeowners: { status: 'passed', actual: true },
      'helm-environments': {
        status: 'passed',
        actual: ['dev', 'prod', 'stage'],
      },
      'sast-in-ci': { status: 'passed', actual: true },
    });
  });

  it('leaves repository checks unknown for an entity without a repository', async () => {
    await evaluate();
    const checks = await repoChecks('on-disk-only');
    expect(Object.values(checks).map(c => c.status)).toEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('leaves them unknown when the repository it names does not exist', async () => {
    await store.create({ org: 'checkout', name: 'doomed-service' });
    const work = fs.mkdtempSync(path.join(dir, 'work-'));
    write(work, 'catalog-info.yaml', catalogInfo('doomed-service'));
    write(work, 'CODEOWNERS', '* @northwind/checkout\n');
    await store.pushDirectory(
      { org: 'checkout', name: 'doomed-service' },
      work,
      {
        authorName: 'Test',
        authorEmail: 'test@example.com',
        message: 'First commit',
      },
    );
    await api()
      .post('/api/catalog/locations')
      .set('Authorization', auth)
      .send({
        type: 'url',
        target: `${GIT}/checkout/doomed-service/raw/main/catalog-info.yaml`,
      });
    await inCatalog('doomed-service');
    await evaluate();
    expect((await repoChecks('doomed-service')).codeowners.status).toBe(
      'passed',
    );

    // The repository is deleted; the catalog still has the entity it registered.
    await store.remove({ org: 'checkout', name: 'doomed-service' });
    const res = await evaluate();
    expect(res.status).toBe(200);
    expect(res.body.unavailableSources).toEqual({});
    expect((await repoChecks('doomed-service')).codeowners.status).toBe(
      'unknown',
    );
  });

  it('calls the source unavailable when the host of the repositories does not answer', async () => {
    const res = await api()
      .post('/api/scorecards/evaluate')
      .set('Authorization', auth)
      .send({ entityRefs: ['component:default/on-a-dead-host'] });
    expect(res.status).toBe(200);
    expect(res.body.unavailableSources.repo).toMatch(
      /^could not read 1 of 1 repositories \(https:\/\/localhost:1\/acme\/dead\/tree\/main\/: /,
    );
    const score = await api()
      .get('/api/scorecards/entities/component/default/on-a-dead-host')
      .set('Authorization', auth);
    const ci = score.body.scorecards[0].checks.find(
      (c: any) => c.checkId === 'ci-workflow',
    );
    expect(ci).toMatchObject({ status: 'unknown' });
    expect(ci.message).toMatch(
      /^fact source "repo" was unavailable: could not read 1 of 1 repositories/,
    );
  });
});
