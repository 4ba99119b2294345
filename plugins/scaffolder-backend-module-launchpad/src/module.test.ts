/*
 * launchpad:publish in a real scaffolder with the real catalog and git host,
 * on the embedded Postgres: the owner a user picks must be one of their
 * teams (platform admins: any), and each team creates at most
 * launchpad.goldenPaths.quota.reposPerTeamPerHour repositories an hour.
 */
import type { TestBackend } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  runTemplate,
  startScaffolderTestBackend,
} from './__testUtils__/scaffolderTestBackend';
import { TEAMS } from './__testUtils__/org';

jest.setTimeout(240_000);

const TEMPLATE = `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: { name: owned-service }
spec:
  owner: group:default/platform
  type: service
  parameters:
    - required: [name, owner]
      properties:
        name: { type: string }
        owner: { type: string }
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: \${{ parameters.name }}
          owner: \${{ parameters.owner }}
    - id: publish
      action: launchpad:publish
      input:
        name: \${{ parameters.name }}
        owner: \${{ parameters.owner }}
`;

const ORG = `${TEAMS}---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: platform }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: checkout, namespace: partners }
spec: { type: team, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ana }
spec: { memberOf: [platform] }
`;

describe('launchpad:publish: owners and quotas', () => {
  let backend: TestBackend;
  let dir: string;
  let gitRoot: string;
  let counter = 0;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-owner-'));
    gitRoot = path.join(dir, 'git');
    fs.mkdirSync(path.join(dir, 'template/skeleton'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'template/template.yaml'), TEMPLATE);
    fs.writeFileSync(
      path.join(dir, 'template/skeleton/README.md'),
      '# ${{ values.name }} of ${{ values.owner }}\n',
    );
    fs.writeFileSync(path.join(dir, 'org.yaml'), ORG);
    backend = await startScaffolderTestBackend({
      gitRoot,
      launchpad: {
        permissions: { admins: ['group:default/platform'] },
        goldenPaths: { quota: { reposPerTeamPerHour: 3 } },
      },
      kinds: ['Template', 'Group', 'User', 'Component', 'Location'],
      locations: [
        { type: 'file', target: path.join(dir, 'template/template.yaml') },
        { type: 'file', target: path.join(dir, 'org.yaml') },
      ],
      ready: { kinds: ['template', 'user'], count: 4 },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const repos = () =>
    fs.existsSync(gitRoot)
      ? fs
          .readdirSync(gitRoot, { recursive: true })
          .map(String)
          .filter(p => p.endsWith('.git'))
          .sort()
      : [];

  /** Runs the template as `user` and returns the task's status and log. */
  async function run(user: string, owner: string) {
    const name = `svc-${++counter}`;
    const { status, log } = await runTemplate(
      backend,
      user,
      'template:default/owned-service',
      { name, owner },
    );
    return { name, status, log };
  }

  it('lets a member create for their own team, by any spelling of its ref', async () => {
    for (const owner of ['group:default/checkout', 'checkout']) {
      const { name, status, log } = await run('user:default/priya', owner);
      expect({ owner, status, log }).toEqual({
        owner,
        status: 'completed',
        log: expect.any(String),
      });
      expect(repos()).toContain(`checkout/${name}.git`);
    }
  });

  it.each([
    [
      'user:default/priya',
      'group:default/payments',
      /You can create services only for your own teams \(checkout\); ask group:default\/payments's members/,
    ],
    ['user:default/priya', 'payments', /only for your own teams \(checkout\)/],
    [
      'user:default/priya',
      'group:payments',
      /only for your own teams \(checkout\)/,
    ],
    [
      'user:default/priya',
      'Group:default/Payments',
      /only for your own teams \(checkout\)/,
    ],
    // Same team name in another namespace: not her team, though its repositories would land in checkout/.
    [
      'user:default/priya',
      'group:partners/checkout',
      /ask group:partners\/checkout's members/,
    ],
    [
      'user:default/priya',
      'user:default/omar',
      /ask user:default\/omar's members/,
    ],
    [
      'user:default/priya',
      'group:default/platform',
      /only for your own teams \(checkout\)/,
    ],
    [
      'user:default/omar',
      'group:default/checkout',
      /only for your own teams \(payments\)/,
    ],
    // Not in the catalog: no team at all.
    [
      'user:default/stranger',
      'group:default/checkout',
      /only for your own teams \(you are in no team\)/,
    ],
  ])(
    'refuses %s creating for %s, before anything is written',
    async (user, owner, message) => {
      const before = repos();
      const { status, log } = await run(user, owner);
      expect(status).toBe('failed');
      expect(log).toMatch(message);
      expect(repos()).toEqual(before);
    },
  );

  it('lets a platform admin create for any team', async () => {
    for (const owner of ['group:default/payments', 'group:default/checkout']) {
      const { name, status } = await run('user:default/ana', owner);
      expect(status).toBe('completed');
      expect(repos()).toContain(`${owner.split('/')[1]}/${name}.git`);
    }
  });

  it('refuses a team its next repository once it has created the quota in the last hour, naming the quota and when it frees', async () => {
    // payments so far: one by the admin. Two more by its member reach the quota of 3.
    expect(
      (await run('user:default/omar', 'group:default/payments')).status,
    ).toBe('completed');
    expect(
      (await run('user:default/omar', 'group:default/payments')).status,
    ).toBe('completed');
    const before = repos();
    const refused = await run('user:default/omar', 'group:default/payments');
    expect(refused.status).toBe('failed');
    expect(refused.log).toMatch(
      /group:default\/payments has created 3 golden-path repositories in the last hour, the quota \(launchpad\.goldenPaths\.quota\.reposPerTeamPerHour: 3\); the next one can be created at \d\d:\d\d UTC \(in \d+ min\)/,
    );
    expect(repos()).toEqual(before);
    // Refused attempts (owner checks above) did not count: checkout has 3 (2 by priya, 1 by the admin) and is at the quota too.
    expect((await run('user:default/priya', 'checkout')).log).toMatch(
      /group:default\/checkout has created 3/,
    );
  });
});
