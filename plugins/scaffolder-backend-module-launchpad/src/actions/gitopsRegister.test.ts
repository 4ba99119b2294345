import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  createGitopsRegisterAction,
  GITOPS_CREATED_BY,
} from './gitopsRegister';
import { mockActionContext } from '../__testUtils__/actionContext';

// Real git processes on a shared 2-core machine: generous, never asserted on.
jest.setTimeout(120_000);

const GITOPS = { org: 'platform', name: 'gitops' };

function context(
  input: JsonObject,
  options: { taskId?: string; dryRun?: boolean } = {},
) {
  return mockActionContext({
    input,
    workspacePath: os.tmpdir(),
    user: { ref: 'user:default/alice' },
    taskId: options.taskId ?? 'task-1',
    isDryRun: options.dryRun ?? false,
  });
}

function setup(extraConfig: Record<string, unknown> = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-gitops-test-'));
  const store = new GitRepositoryStore(path.join(root, 'git'));
  const config = mockServices.rootConfig({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      launchpad: { goldenPaths: { sharedDir: root, ...extraConfig } },
    },
  });
  return { root, store, config };
}

async function files(store: GitRepositoryStore) {
  if (!(await store.exists(GITOPS))) return {};
  const { head } = await store.get(GITOPS);
  if (!head) return {};
  const out: Record<string, string> = {};
  for (const file of await store.listFiles(GITOPS, head)) {
    out[file] = (await store.readFile(GITOPS, head, file)).content.toString(
      'utf-8',
    );
  }
  return out;
}

function log(store: GitRepositoryStore) {
  return execFileSync('git', ['log', '--format=%an|%s', 'main'], {
    cwd: store.repoPath(GITOPS),
    encoding: 'utf-8',
  })
    .trim()
    .split('\n');
}

describe('launchpad:gitops-register', () => {
  const roots: string[] = [];
  afterAll(() =>
    roots.forEach(r => fs.rmSync(r, { recursive: true, force: true })),
  );
  const fresh = (extra?: Record<string, unknown>) => {
    const s = setup(extra);
    roots.push(s.root);
    return s;
  };

  it("creates the platform repository on first use and commits the service's ApplicationSet and the team's AppProject", async () => {
    const { store, config } = fresh();
    const action = createGitopsRegisterAction({ store, config });
    const { ctx, outputs } = context({
      name: 'loyalty-service',
      owner: 'group:default/checkout',
    });
    await action.handler(ctx);

    expect(await store.createdBy(GITOPS)).toBe(GITOPS_CREATED_BY);
    const written = await files(store);
    expect(Object.keys(written).sort()).toEqual([
      'apps/checkout/loyalty-service.yaml',
      'projects/team-checkout.yaml',
    ]);
    const app = written['apps/checkout/loyalty-service.yaml'];
    expect(app).toContain('kind: ApplicationSet');
    expect(app).toContain('      project: "team-checkout"\n');
    expect(app).toContain(
      'repoURL: "http://localhost:7007/api/git/checkout/loyalty-service.git"',
    );
    expect(app).toContain('path: "charts/loyalty-service"');
    expect(app.match(/namespace: "checkout-(dev|stage|prod)"/g)).toEqual([
      'namespace: "checkout-dev"',
      'namespace: "checkout-stage"',
      'namespace: "checkout-prod"',
    ]);
    const project = written['projects/team-checkout.yaml'];
    expect(project).toContain('kind: AppProject');
    expect(project).toContain('- "http://localhost:7007/api/git/checkout/*"');
    expect(project).toContain('clusterResourceWhitelist: []');
    expect(outputs).toEqual({
      repoUrl: 'http://localhost:7007/api/git/platform/gitops',
      path: 'apps/checkout/loyalty-service.yaml',
      project: 'team-checkout',
      commitHash: (await store.get(GITOPS)).head,
    });
    expect(log(store)).toEqual([
      'Launchpad|Register checkout/loyalty-service (project team-checkout)',
    ]);
  });

  it("registers a database in the team's project whose Applications never prune, next to the team's services", async () => {
    const { store, config } = fresh();
    const action = createGitopsRegisterAction({ store, config });
    await action.handler(
      context({ name: 'loyalty-service', owner: 'group:default/checkout' }).ctx,
    );
    const { ctx, outputs } = context({
      name: 'loyalty-db',
      owner: 'group:default/checkout',
      workload: 'database',
    });
    await action.handler(ctx);
    expect(outputs.project).toBe('team-checkout');
    const written = await files(store);
    expect(Object.keys(written).sort()).toEqual([
      'apps/checkout/loyalty-db.yaml',
      'apps/checkout/loyalty-service.yaml',
      'projects/team-checkout.yaml',
    ]);
    const db = parse(written['apps/checkout/loyalty-db.yaml']);
    expect(db.spec.template.spec).toMatchObject({
      project: 'team-checkout',
      source: {
        repoURL: 'http://localhost:7007/api/git/checkout/loyalty-db.git',
        path: 'charts/loyalty-db',
      },
      destination: { namespace: '{{ .namespace }}' },
    });
    expect(db.spec.templatePatch).toContain('prune: false');
    expect(db.spec.templatePatch).not.toContain('prune: true');
    expect(
      db.spec.generators[0].list.elements.map(
        (e: { namespace: string }) => e.namespace,
      ),
    ).toEqual(['checkout-dev', 'checkout-stage', 'checkout-prod']);
    const service = parse(written['apps/checkout/loyalty-service.yaml']);
    expect(service.spec.templatePatch).toContain('prune: true');
  });

  it("adds the next services on top, keeps the others and never rewrites a team's project", async () => {
    const { store, config } = fresh();
    const action = createGitopsRegisterAction({ store, config });
    await action.handler(
      context({ name: 'loyalty-service', owner: 'group:default/checkout' }).ctx,
    );
    const projectBefore = (await files(store))['projects/team-checkout.yaml'];
    await action.handler(
      context(
        { name: 'basket-service', owner: 'group:default/checkout' },
        { taskId: 'task-2' },
      ).ctx,
    );
    await action.handler(
      context(
        { name: 'slot-service', owner: 'fulfilment' },
        { taskId: 'task-3' },
      ).ctx,
    );

    const written = await files(store);
    expect(Object.keys(written).sort()).toEqual([
      'apps/checkout/basket-service.yaml',
      'apps/checkout/loyalty-service.yaml',
      'apps/fulfilment/slot-service.yaml',
      'projects/team-checkout.yaml',
      'projects/team-fulfilment.yaml',
    ]);
    expect(written['projects/team-checkout.yaml']).toBe(projectBefore);
    expect(written['apps/fulfilment/slot-service.yaml']).toContain(
      'project: "team-fulfilment"',
    );
    expect(log(store)).toHaveLength(3);
  });

  it('is idempotent: a recovered task running the step again changes nothing', async () => {
    const { store, config } = fresh();
    const action = createGitopsRegisterAction({ store, config });
    const first = context({
      name: 'loyalty-service',
      owner: 'group:default/checkout',
    });
    await action.handler(first.ctx);
    const again = context({
      name: 'loyalty-service',
      owner: 'group:default/checkout',
    });
    await action.handler(again.ctx);
    await createGitopsRegisterAction({ store, config }).handler(again.ctx); // another backend instance
    expect(again.outputs.commitHash).toBe(first.outputs.commitHash);
    expect(log(store)).toHaveLength(1);
  });

  it('keeps every registration when two backend instances register at the same time', async () => {
    const { store, config } = fresh();
    const a = createGitopsRegisterAction({ store, config });
    const b = createGitopsRegisterAction({ store, config });
    const names = [
      'one-service',
      'two-service',
      'three-service',
      'four-service',
    ];
    await Promise.all(
      names.map((name, i) =>
        (i % 2 ? a : b).handler(
          context({ name, owner: 'group:default/checkout' }, { taskId: name })
            .ctx,
        ),
      ),
    );
    const written = Object.keys(await files(store)).filter(f =>
      f.startsWith('apps/'),
    );
    expect(written.sort()).toEqual(
      names.map(n => `apps/checkout/${n}.yaml`).sort(),
    );
  });

  it('takes the project, source and destinations from the authorised owner only: extra inputs are ignored', async () => {
    const { store, config } = fresh();
    const action = createGitopsRegisterAction({ store, config });
    await action.handler(
      context({
        name: 'loyalty-service',
        owner: 'group:default/checkout',
        project: 'default',
        namespace: 'kube-system',
        repoURL: 'http://evil.example/x.git',
        path: '../../projects/team-platform.yaml',
      }).ctx,
    );
    const written = await files(store);
    expect(Object.keys(written).sort()).toEqual([
      'apps/checkout/loyalty-service.yaml',
      'projects/team-checkout.yaml',
    ]);
    const all = Object.values(written).join('\n');
    for (const bad of [
      '"default"',
      'kube-system',
      'evil.example',
      'team-platform',
    ])
      expect(all).not.toContain(bad);
  });

  it('refuses owners the guard does not authorise, before anything is written', async () => {
    const { store, config } = fresh();
    const ownerGuard = {
      async assertMayOwn({ owner }: { owner: string }) {
        if (owner !== 'group:default/checkout')
          throw new NotAllowedError(`not your team: ${owner}`);
      },
    };
    const action = createGitopsRegisterAction({ store, config, ownerGuard });
    for (const owner of [
      'group:default/platform',
      'group:default/fulfilment',
      'platform',
    ]) {
      await expect(
        action.handler(context({ name: 'loyalty-service', owner }).ctx),
      ).rejects.toThrow(NotAllowedError);
    }
    expect(await store.exists(GITOPS)).toBe(false);
  });

  it.each([
    ['../platform', 'x-service'],
    ['group:default/../platform', 'x-service'],
    ['group:default/a/b', 'x-service'],
    ['group:default/-rf', 'x-service'],
    ['group:default/.git', 'x-service'],
    ['group:default/UPPER', 'x-service'],
    ['group:default/a..b', 'x-service'],
    ['group:default/team%2f..', 'x-service'],
    ['user:default/alice', 'x-service'],
    ['component:default/checkout', 'x-service'],
    ['group:default/', 'x-service'],
    ['group:default/checkout', '../../projects/team-platform'],
    ['group:default/checkout', '../other/x'],
    ['group:default/checkout', 'a/b'],
    ['group:default/checkout', '--upload-pack=touch /tmp/pwned'],
    ['group:default/checkout', '-x'],
    ['group:default/checkout', '.hidden'],
    ['group:default/checkout', 'x..y'],
    ['group:default/checkout', 'with space'],
    ['group:default/checkout', 'nul\0byte'],
    ['group:default/checkout', ''],
    ['group:default/checkout', 'a'.repeat(101)],
    ['group:default/checkout', 'Ünïcode'],
  ])(
    'refuses owner %j with name %j: nothing outside apps/<team>/',
    async (owner, name) => {
      const { store, config } = fresh();
      const action = createGitopsRegisterAction({ store, config });
      await action.handler(
        context({ name: 'first-service', owner: 'group:default/checkout' }).ctx,
      );
      const before = await files(store);
      await expect(
        action.handler(context({ name, owner }).ctx),
      ).rejects.toThrow(
        /must be lowercase|not a group reference|expected a group/,
      );
      expect(await files(store)).toEqual(before);
    },
  );

  it('never writes into a repository of that name that it did not create', async () => {
    for (const createdBy of ['task-7', undefined]) {
      const { store, config } = fresh();
      await store.create({ ...GITOPS, createdBy });
      const action = createGitopsRegisterAction({ store, config });
      await expect(
        action.handler(
          context({ name: 'loyalty-service', owner: 'group:default/checkout' })
            .ctx,
        ),
      ).rejects.toThrow(/is not the platform's GitOps repository/);
      expect((await store.get(GITOPS)).head).toBeUndefined();
    }
  });

  it('refuses to overwrite another registration of the same name', async () => {
    const { store, config } = fresh();
    await createGitopsRegisterAction({ store, config }).handler(
      context({ name: 'loyalty-service', owner: 'group:default/checkout' }).ctx,
    );
    const other = mockServices.rootConfig({
      data: {
        backend: { baseUrl: 'http://localhost:7007' },
        launchpad: {
          environments: [
            {
              name: 'dev',
              cluster: 'https://k8s.other.example',
              autoSync: true,
            },
          ],
        },
      },
    });
    await expect(
      createGitopsRegisterAction({ store, config: other }).handler(
        context(
          { name: 'loyalty-service', owner: 'group:default/checkout' },
          { taskId: 'task-9' },
        ).ctx,
      ),
    ).rejects.toThrow(/already registered/);
    expect(log(store)).toHaveLength(1);
  });

  it('writes nothing in a dry run', async () => {
    const { store, config } = fresh();
    const { ctx, outputs } = context(
      { name: 'loyalty-service', owner: 'group:default/checkout' },
      { dryRun: true },
    );
    await createGitopsRegisterAction({ store, config }).handler(ctx);
    expect(outputs.project).toBe('team-checkout');
    expect(await store.exists(GITOPS)).toBe(false);
  });

  it('says clearly that GitHub and GitLab are not supported yet', async () => {
    for (const type of ['github', 'gitlab']) {
      const { store, config } = fresh({ publish: { type } });
      await expect(
        createGitopsRegisterAction({ store, config }).handler(
          context({ name: 'loyalty-service', owner: 'group:default/checkout' })
            .ctx,
        ),
      ).rejects.toThrow(/not supported yet/);
      expect(await store.exists(GITOPS)).toBe(false);
    }
  });
});
