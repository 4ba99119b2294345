/*
 * The golden path mechanism end to end, in one backend on the embedded
 * Postgres: a template renders its skeleton plus the shared standard, the
 * portal's git host gets a real repository (cloned here with real git over
 * HTTP), and the new component is registered in the catalog at once.
 * The templates in templates/ are tested by `npm run templates:test`.
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
import localFiles from '@internal/plugin-catalog-backend-module-local-files';
import gitHosting, {
  gitHostUrlReaderFactory,
} from '@internal/plugin-git-hosting-backend';
import launchpadActions from '@internal/plugin-scaffolder-backend-module-launchpad';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';

jest.setTimeout(180_000);

const auth = mockCredentials.user.header();
const gitEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
/** git for local repositories (synchronous is fine: no HTTP to this process). */
const git = (args: string[], cwd?: string) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf-8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: gitEnv,
  });
/** git over HTTP to the backend in this very process: must not block its event loop. */
const gitOverHttp = async (args: string[]) =>
  (await promisify(execFile)('git', args, { env: gitEnv, timeout: 60_000 }))
    .stdout;

/** Writes a file, creating folders. */
function write(root: string, file: string, content: string) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
}

function template(name: string, skeleton: string, extraParameters = '') {
  return `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: ${name}
  annotations:
    launchpad.io/template-version: "2.1.0"
spec:
  owner: group:default/platform
  type: service
  parameters:
    - required: [name, owner, description]
      properties:
        name: { type: string, pattern: '^[a-z][a-z0-9-]{1,38}[a-z0-9]$' }
        owner: { type: string }
        description: { type: string, minLength: 10 }
${extraParameters}
  steps:
    - id: render
      action: launchpad:render
      input:
        skeleton: ${skeleton}
        standard: service
        language: node
        parameters: \${{ parameters }}
    - id: publish
      action: launchpad:publish
      input:
        name: \${{ parameters.name }}
        owner: \${{ parameters.owner }}
        description: \${{ parameters.description }}
    - id: register
      action: launchpad:register
      input:
        catalogInfoUrl: \${{ steps.publish.output.catalogInfoUrl }}
  output:
    links:
      - title: Repository
        url: \${{ steps.publish.output.remoteUrl }}
      - title: Open in catalog
        entityRef: \${{ steps.register.output.entityRef }}
`;
}

describe('golden paths', () => {
  let backend: TestBackend;
  let dir: string;
  let gitRoot: string;
  let port: number;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-golden-'));
    gitRoot = path.join(dir, 'git');
    const templates = path.join(dir, 'templates');
    // The shared standard every service gets
    write(
      templates,
      '_shared/service-standard/catalog-info.yaml',
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: ${{ values.name }}',
        '  description: ${{ values.description }}',
        '  annotations:',
        '    backstage.io/kubernetes-id: ${{ values.name }}',
        '    launchpad.io/template: template:default/${{ values.templateName }}',
        '    launchpad.io/template-version: "${{ values.templateVersion }}"',
        'spec:',
        '  type: service',
        '  lifecycle: ${{ values.lifecycle }}',
        '  owner: ${{ values.owner }}',
        '',
      ].join('\n'),
    );
    write(
      templates,
      '_shared/service-standard/charts/${{ values.name }}/values-prod.yaml',
      [
        'image: ${{ values.image }}',
        '{%- for env in values.environments %}',
        '# ${{ env.name }} -> ${{ env.namespace }}',
        '{%- endfor %}',
        '',
      ].join('\n'),
    );
    write(
      templates,
      '_shared/service-standard/.github/workflows/ci.yaml',
      'run: echo {% raw %}${{ github.sha }}{% endraw %}\n',
    );
    // A template with its own skeleton
    write(
      templates,
      'svc/template.yaml',
      template('test-service', './skeleton'),
    );
    write(
      templates,
      'svc/skeleton/src/index.ts',
      "export const service = '${{ values.name }}';\n",
    );
    // A template whose skeleton tries to leave its folder
    write(
      templates,
      'escape/template.yaml',
      template('escaping-template', '../svc'),
    );
    // A template whose skeleton carries a symbolic link
    write(
      templates,
      'symlink/template.yaml',
      template('symlink-template', './skeleton'),
    );
    write(templates, 'symlink/skeleton/README.md', 'hello\n');
    fs.symlinkSync(
      '/etc/hostname',
      path.join(templates, 'symlink/skeleton/leak.txt'),
    );
    write(
      templates,
      'taken.yaml',
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: taken-name }',
        'spec: { type: service, lifecycle: production, owner: group:default/checkout }',
        '',
      ].join('\n'),
    );

    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost:7007',
              database: testDatabaseConfig(),
            },
            gitHosting: { root: gitRoot },
            launchpad: {
              goldenPaths: { sharedDir: path.join(templates, '_shared') },
              // The test's tasks run as the mock user, who is in no team of this
              // catalog: as a platform admin it may pick any owner.
              permissions: { admins: ['user:default/mock'] },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'API',
                    'Location',
                    'Template',
                    'Group',
                    'System',
                    'Resource',
                  ],
                },
              ],
              locations: ['svc', 'escape', 'symlink']
                .map(t => ({
                  type: 'file',
                  target: path.join(templates, t, 'template.yaml'),
                }))
                .concat([
                  { type: 'file', target: path.join(templates, 'taken.yaml') },
                ]),
            },
          },
        }),
        catalogPlugin,
        scaffolderEntityModel,
        localFiles,
        scaffolderPlugin,
        launchpadActions,
        gitHosting,
        gitHostUrlReaderFactory,
      ],
    });
    port = (backend.server.address() as AddressInfo).port;
    await waitFor(
      async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities?filter=kind=template')
          .set('Authorization', auth);
        return res.body.length === 3 ? true : undefined;
      },
      { describe: () => 'the test templates never reached the catalog' },
    );
  });
  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function runTask(
    templateName: string,
    values: Record<string, unknown>,
  ) {
    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('Authorization', auth)
      .send({ templateRef: `template:default/${templateName}`, values });
    if (created.status !== 201) return { created, task: undefined };
    const task = await waitFor(
      async () => {
        const res = await request(backend.server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set('Authorization', auth);
        return ['completed', 'failed', 'cancelled'].includes(res.body.status)
          ? res.body
          : undefined;
      },
      { describe: () => `task ${created.body.id} did not finish` },
    );
    const events = await request(backend.server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set('Authorization', auth);
    const log = events.body.map((e: any) => e.body?.message ?? '').join('\n');
    const output = events.body.find((e: any) => e.type === 'completion')?.body
      ?.output;
    return { created, task, log, output };
  }

  const repos = () =>
    fs.existsSync(gitRoot)
      ? fs
          .readdirSync(gitRoot, { recursive: true })
          .filter(p => String(p).endsWith('.git'))
      : [];

  it('creates a real repository that clones over HTTP, and registers the component at once', async () => {
    const { task, log, output } = await runTask('test-service', {
      name: 'loyalty-service',
      owner: 'group:default/checkout',
      description: 'Loyalty points for returning customers',
    });
    expect({ status: task.status, log }).toEqual({
      status: 'completed',
      log: expect.any(String),
    });
    expect(repos()).toEqual(['checkout/loyalty-service.git']);

    const clone = path.join(dir, 'clone');
    await gitOverHttp([
      'clone',
      '--quiet',
      `http://localhost:${port}/api/git/checkout/loyalty-service.git`,
      clone,
    ]);
    expect(fs.readFileSync(path.join(clone, 'src/index.ts'), 'utf-8')).toBe(
      "export const service = 'loyalty-service';\n",
    );
    const catalogInfo = fs.readFileSync(
      path.join(clone, 'catalog-info.yaml'),
      'utf-8',
    );
    expect(catalogInfo).toContain(
      'launchpad.io/template: template:default/test-service',
    );
    expect(catalogInfo).toContain('launchpad.io/template-version: "2.1.0"');
    expect(catalogInfo).toContain('owner: group:default/checkout');
    expect(
      fs.readFileSync(
        path.join(clone, 'charts/loyalty-service/values-prod.yaml'),
        'utf-8',
      ),
    ).toBe(
      'image: registry.northwind.example/checkout/loyalty-service\n# dev -> checkout-dev\n# stage -> checkout-stage\n# prod -> checkout-prod\n',
    );
    expect(
      fs.readFileSync(path.join(clone, '.github/workflows/ci.yaml'), 'utf-8'),
    ).toBe('run: echo ${{ github.sha }}\n');
    expect(git(['log', '--format=%an <%ae>|%s'], clone).trim()).toBe(
      'Launchpad <launchpad@northwind.example>|Create loyalty-service from the test-service template',
    );

    // Registered directly by the task: the entity is there without waiting for a refresh loop.
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-name/component/default/loyalty-service')
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(
      res.body.metadata.annotations['backstage.io/managed-by-location'],
    ).toBe(
      'url:http://localhost:7007/api/git/checkout/loyalty-service/raw/main/catalog-info.yaml',
    );
    expect(output.links).toEqual([
      {
        title: 'Repository',
        url: 'http://localhost:7007/api/git/checkout/loyalty-service',
      },
      {
        title: 'Open in catalog',
        entityRef: 'component:default/loyalty-service',
      },
    ]);
  });

  it('shows a repository as JSON to API clients and as a page to browsers', async () => {
    const json = await request(backend.server)
      .get('/api/git/checkout/loyalty-service')
      .set('Accept', 'application/json');
    expect(json.body.files.map((f: any) => f.path)).toContain(
      'catalog-info.yaml',
    );
    expect(json.body.cloneUrl).toBe(
      'http://localhost:7007/api/git/checkout/loyalty-service.git',
    );
    const html = await request(backend.server)
      .get('/api/git/checkout/loyalty-service')
      .set('Accept', 'text/html');
    expect(html.type).toBe('text/html');
    expect(html.text).toContain(
      'git clone http://localhost:7007/api/git/checkout/loyalty-service.git',
    );
    expect(html.text).toContain(
      'href="http://localhost:7007/api/git/checkout/loyalty-service/raw/main/src/index.ts"',
    );
  });

  it('serves files and refuses pushes', async () => {
    const raw = await request(backend.server).get(
      '/api/git/checkout/loyalty-service/raw/main/src/index.ts',
    );
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('loyalty-service');
    expect(
      (
        await request(backend.server).get(
          '/api/git/checkout/loyalty-service/raw/main/nope.txt',
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await request(backend.server).get(
          '/api/git/checkout/nothing-here.git/info/refs?service=git-upload-pack',
        )
      ).status,
    ).toBe(404);
    const junk = await request(backend.server)
      .post('/api/git/checkout/loyalty-service.git/git-upload-pack')
      .set('Content-Type', 'application/x-git-upload-pack-request')
      .send(Buffer.from('not a git negotiation'));
    expect(junk.status).toBe(400);
    expect(junk.body.error.message).toMatch(
      /git upload-pack refused the request/,
    );
    const push = await request(backend.server).get(
      '/api/git/checkout/loyalty-service.git/info/refs?service=git-receive-pack',
    );
    expect(push.status).toBe(403);
    expect(push.body.error.message).toMatch(/read-only/);
  });

  it('answers invalid parameters with a 400 that lists the fields, and creates nothing', async () => {
    const before = repos();
    const { created } = await runTask('test-service', {
      name: 'Bad Name!',
      description: 'short',
    });
    expect(created.status).toBe(400);
    const text = JSON.stringify(created.body);
    expect(text).toMatch(/owner/);
    expect(text).toMatch(/name/);
    expect(text).toMatch(/description/);
    expect(repos()).toEqual(before);
  });

  it('refuses a repository name that is taken, before writing anything', async () => {
    const head = git(
      ['rev-parse', 'main'],
      path.join(gitRoot, 'checkout/loyalty-service.git'),
    );
    const { task, log } = await runTask('test-service', {
      name: 'loyalty-service',
      owner: 'group:default/checkout',
      description: 'A second service with the same name',
    });
    expect(task.status).toBe('failed');
    expect(log).toMatch(/Repository checkout\/loyalty-service already exists/);
    expect(
      git(
        ['rev-parse', 'main'],
        path.join(gitRoot, 'checkout/loyalty-service.git'),
      ),
    ).toBe(head);
  });

  it('refuses a name the catalog already has, before writing anything', async () => {
    await waitFor(
      async () => {
        const res = await request(backend.server)
          .get('/api/catalog/entities/by-name/component/default/taken-name')
          .set('Authorization', auth);
        return res.status === 200 ? true : undefined;
      },
      { describe: () => 'component taken-name never appeared' },
    );
    const before = repos();
    const { task, log } = await runTask('test-service', {
      name: 'taken-name',
      owner: 'group:default/payments',
      description: 'Clashes with an existing component',
    });
    expect(task.status).toBe('failed');
    expect(log).toMatch(/catalog already has component:default\/taken-name/);
    expect(repos()).toEqual(before);
  });

  it('refuses a skeleton outside the template folder, and one that carries a symlink', async () => {
    const before = repos();
    const escaped = await runTask('escaping-template', {
      name: 'escape-attempt',
      owner: 'group:default/checkout',
      description: 'Tries to read outside its template',
    });
    expect(escaped.task.status).toBe('failed');
    expect(escaped.log).toMatch(/outside|not allowed|escape|Relative path/i);

    const linked = await runTask('symlink-template', {
      name: 'symlink-attempt',
      owner: 'group:default/checkout',
      description: 'Carries a link to a file on the server',
    });
    expect(linked.task.status).toBe('failed');
    expect(linked.log).toMatch(/symbolic link leak\.txt/);
    expect(repos()).toEqual(before);
  });
});
