import { mockServices } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockActionContext } from '../__testUtils__/actionContext';
import type { RepoQuota } from '../services/repoQuota';
import { createPublishAction } from './publish';

// Real git processes (eight at once below) on a shared 2-core machine:
// generous, never asserted on.
jest.setTimeout(120_000);

/**
 * launchpad:publish on the portal's own git host (real git) when a task runs
 * again after its instance died: the repository it created is its own, any
 * other one is someone else's.
 */
describe('launchpad:publish run again for the same task', () => {
  const root = fs.mkdtempSync(
    path.join(os.tmpdir(), 'launchpad-publish-again-'),
  );
  const gitRoot = path.join(root, 'git');
  const store = new GitRepositoryStore(gitRoot);
  const config = mockServices.rootConfig({
    data: { backend: { baseUrl: 'http://localhost:7007' } },
  });
  const integrations = ScmIntegrations.fromConfig(config);
  const catalog = catalogServiceMock({ entities: [] });
  let reserved: string[] = [];
  const quota: RepoQuota = {
    reserve: async ({ repository }) => {
      reserved.push(repository);
      return {
        release: async () =>
          void reserved.splice(reserved.indexOf(repository), 1),
      };
    },
  };
  const action = createPublishAction({
    store,
    catalog,
    config,
    integrations,
    quota,
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  beforeEach(() => {
    reserved = [];
  });

  let n = 0;
  function workspace(
    files: Record<string, string> = {
      'README.md': '# svc\n',
      'catalog-info.yaml': 'kind: Component\n',
    },
  ) {
    const dir = path.join(root, `ws-${n++}`);
    fs.mkdirSync(dir, { recursive: true });
    for (const [f, content] of Object.entries(files))
      fs.writeFileSync(path.join(dir, f), content);
    return dir;
  }

  function run(
    taskId: string | undefined,
    name: string,
    workspacePath: string,
  ) {
    const { ctx, outputs } = mockActionContext({
      input: { name, owner: 'group:default/checkout' },
      workspacePath,
      taskId: taskId ?? null,
      templateName: 'node-service',
    });
    return { outputs, done: action.handler(ctx) };
  }

  const commits = (name: string) =>
    execFileSync(
      'git',
      [
        '--git-dir',
        path.join(gitRoot, 'checkout', `${name}.git`),
        'rev-list',
        '--all',
      ],
      { encoding: 'utf-8' },
    )
      .split('\n')
      .filter(Boolean);
  const repoDirs = () => fs.readdirSync(path.join(gitRoot, 'checkout')).sort();

  it('reuses the repository a first run of the same task created and pushed, without a second commit or quota', async () => {
    const first = run('task-1', 'svc-a', workspace());
    await first.done;
    expect(reserved).toEqual(['checkout/svc-a']);
    const [commit] = commits('svc-a');

    reserved = [];
    // The recovered run has lost the workspace: it is not needed, the push happened.
    const again = run('task-1', 'svc-a', workspace({}));
    await again.done;
    expect(again.outputs).toEqual(first.outputs);
    expect(again.outputs.commitHash).toBe(commit);
    expect(commits('svc-a')).toEqual([commit]);
    expect(reserved).toEqual([]);
  });

  it('pushes into its own repository when the first run stopped between creating and pushing', async () => {
    await store.create({ org: 'checkout', name: 'svc-b', createdBy: 'task-2' });
    const again = run('task-2', 'svc-b', workspace());
    await again.done;
    expect(commits('svc-b')).toHaveLength(1);
    expect(again.outputs.commitHash).toBe(commits('svc-b')[0]);
  });

  it('removes its own empty repository and fails clearly when the workspace is gone too', async () => {
    await store.create({ org: 'checkout', name: 'svc-c', createdBy: 'task-3' });
    await expect(run('task-3', 'svc-c', workspace({})).done).rejects.toThrow(
      /Nothing to publish: the workspace is empty/,
    );
    expect(await store.exists({ org: 'checkout', name: 'svc-c' })).toBe(false);
  });

  it.each([
    ['another task', 'task-other', 'created by another golden-path run'],
    [
      'no task (a repository made by hand)',
      undefined,
      'not created by a golden path',
    ],
  ])(
    'refuses a repository created by %s, leaving it as it was',
    async (_what, createdBy, why) => {
      const name = `taken-${n++}`;
      await store.create({ org: 'checkout', name, createdBy });
      await store.pushDirectory({ org: 'checkout', name }, workspace(), {
        authorName: 'A',
        authorEmail: 'a@example.com',
        message: 'theirs',
      });
      const before = commits(name);
      for (const taskId of ['task-4', undefined, '', 'task-other-but-longer']) {
        await expect(run(taskId, name, workspace()).done).rejects.toThrow(
          `Repository checkout/${name} already exists (${why}): choose another name`,
        );
      }
      expect(commits(name)).toEqual(before);
      expect(reserved).toEqual([]);
    },
  );

  it('creates nothing when the workspace is empty on a first run', async () => {
    const before = repoDirs();
    await expect(
      run('task-5', 'svc-empty', workspace({})).done,
    ).rejects.toThrow(/Nothing to publish/);
    expect(repoDirs()).toEqual(before);
    expect(reserved).toEqual([]);
  });

  it('lets exactly one of many concurrent runs of different tasks create a name', async () => {
    const runs = Array.from({ length: 8 }, (_, i) =>
      run(`task-race-${i}`, 'svc-race', workspace()),
    );
    const results = await Promise.allSettled(runs.map(r => r.done));
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
    const reasons = results.flatMap(r =>
      r.status === 'rejected' ? [String(r.reason)] : [],
    );
    expect(reasons).toHaveLength(runs.length - 1);
    for (const reason of reasons) expect(reason).toMatch(/already exists/);
    expect(commits('svc-race')).toHaveLength(1);
    expect(fs.readdirSync(path.join(gitRoot, '.staging'))).toEqual([]);
  });
});

describe('GitRepositoryStore.create records who created a repository', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-created-by-'));
  const store = new GitRepositoryStore(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('refuses createdBy values that are not plain ids', async () => {
    for (const createdBy of [
      '',
      '../x',
      'a b',
      'x\n',
      'a/b',
      'x'.repeat(201),
      '$(touch /tmp/p)',
      'é',
    ]) {
      await expect(
        store.create({ org: 'team', name: 'svc', createdBy }),
      ).rejects.toThrow(/createdBy must be/);
    }
    expect(await store.exists({ org: 'team', name: 'svc' })).toBe(false);
  });

  it('reads back the mark, and nothing for a repository made without one', async () => {
    await store.create({
      org: 'team',
      name: 'marked',
      createdBy: '0b8f4c1e-2a3b-4c5d-8e9f-0123456789ab',
    });
    await store.create({ org: 'team', name: 'unmarked' });
    expect(await store.createdBy({ org: 'team', name: 'marked' })).toBe(
      '0b8f4c1e-2a3b-4c5d-8e9f-0123456789ab',
    );
    expect(
      await store.createdBy({ org: 'team', name: 'unmarked' }),
    ).toBeUndefined();
    await expect(
      store.createdBy({ org: 'team', name: 'missing' }),
    ).rejects.toThrow('does not exist');
  });
});
