import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import type { Entity } from '@backstage/catalog-model';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import { techdocsModuleLaunchpad } from './module';

jest.setTimeout(120_000);

const READER = 'user:default/reader';
const OUTSIDER = 'user:default/outsider';

/**
 * The techdocs backend with this module and Debian's real mkdocs: docs are
 * built from a `dir:` location on disk, served from a local publisher, and
 * read through the catalog's answer for the signed-in user.
 */
describe('techdocs with the launchpad generator (real mkdocs)', () => {
  let base: string;
  let catalogDir: string;
  let marker: string;
  const entities: Entity[] = [];

  function component(name: string, opts: { readers?: string[] } = {}): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        uid: `uid-${name}`,
        annotations: {
          'backstage.io/managed-by-location': `file:${path.join(
            catalogDir,
            'catalog-info.yaml',
          )}`,
          'backstage.io/managed-by-origin-location': `file:${path.join(
            catalogDir,
            'catalog-info.yaml',
          )}`,
          'backstage.io/techdocs-ref': `dir:./${name}`,
        },
        readers: opts.readers,
      } as Entity['metadata'],
      spec: {
        type: 'service',
        owner: 'group:default/team',
        lifecycle: 'production',
      },
    };
  }

  async function docs(
    name: string,
    mkdocsYml: string,
    files: Record<string, string> = {},
  ) {
    const dir = path.join(catalogDir, name);
    await fs.mkdir(path.join(dir, 'docs'), { recursive: true });
    await fs.writeFile(path.join(dir, 'mkdocs.yml'), mkdocsYml);
    await fs.writeFile(
      path.join(dir, 'docs', 'index.md'),
      `# ${name} handbook\n\nHello.\n`,
    );
    for (const [file, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, file)), { recursive: true });
      await fs.writeFile(path.join(dir, file), content);
    }
    return dir;
  }

  beforeAll(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'techdocs-module-'));
    catalogDir = path.join(base, 'catalog');
    marker = path.join(base, 'PWNED');
    await fs.mkdir(catalogDir, { recursive: true });
  });
  afterAll(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });

  async function start() {
    const catalog = createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () =>
        ({
          // The catalog's read permission as the techdocs router sees it:
          // an entity the user may not read is not there for them.
          async getEntityByRef(ref: any, opts: any) {
            const name =
              typeof ref === 'string' ? ref.split('/').pop() : ref.name;
            const entity = entities.find(e => e.metadata.name === name);
            const principal = opts?.credentials?.principal;
            const who =
              principal?.userEntityRef ??
              (principal?.type === 'service' ? 'service' : undefined);
            const readers = (entity?.metadata as any)?.readers as
              | string[]
              | undefined;
            if (
              !entity ||
              (readers && who !== 'service' && !readers.includes(who))
            )
              return undefined;
            return entity;
          },
        } as any),
    });
    return startTestBackend({
      features: [
        techdocsBackend,
        techdocsModuleLaunchpad,
        catalog,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            techdocs: {
              builder: 'local',
              generator: {
                runIn: 'local',
                mkdocs: { omitTechdocsCorePlugin: true },
              },
              publisher: {
                type: 'local',
                local: { publishDirectory: path.join(base, 'published') },
              },
            },
            launchpad: { techdocs: { buildTimeoutSeconds: 60 } },
          },
        }),
      ],
    });
  }

  async function sync(server: any, name: string, user = READER) {
    const res = await request(server)
      .get(`/api/techdocs/sync/default/component/${name}`)
      .set('Authorization', mockCredentials.user.header(user))
      .buffer(true)
      .parse((r, cb) => {
        let data = '';
        r.on('data', (c: Buffer) => (data += c.toString()));
        r.on('end', () => cb(null, data));
      });
    return { status: res.status, body: String(res.body) };
  }

  it('builds a team handbook, serves it to a reader and keeps it from one who cannot read the entity', async () => {
    await docs(
      'good-service',
      'site_name: Good service\nplugins:\n  - techdocs-core\n',
    );
    await docs('private-service', 'site_name: Private\n');
    entities.push(
      component('good-service'),
      component('private-service', { readers: [READER] }),
    );
    const { server } = await start();

    const built = await sync(server, 'good-service');
    expect(built.status).toBe(200);
    expect(built.body).toContain('event: finish');
    expect(built.body).not.toContain('event: error');

    const page = await request(server)
      .get(
        '/api/techdocs/static/docs/default/component/good-service/index.html',
      )
      .set('Authorization', mockCredentials.user.header(READER));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<h1[^>]*>good-service handbook/);

    const meta = await request(server)
      .get('/api/techdocs/metadata/techdocs/default/component/good-service')
      .set('Authorization', mockCredentials.user.header(READER));
    expect(meta.body).toMatchObject({ site_name: 'Good service' });

    // The source tree is not touched (Backstage's generator rewrites mkdocs.yml in place)
    expect(
      await fs.readFile(
        path.join(catalogDir, 'good-service', 'mkdocs.yml'),
        'utf8',
      ),
    ).toBe('site_name: Good service\nplugins:\n  - techdocs-core\n');

    // Reading follows the catalog's read permission
    expect((await sync(server, 'private-service')).body).toContain(
      'event: finish',
    );
    for (const [url, status] of [
      [
        '/api/techdocs/static/docs/default/component/private-service/index.html',
        404,
      ],
      [
        '/api/techdocs/metadata/techdocs/default/component/private-service',
        404,
      ],
      ['/api/techdocs/sync/default/component/private-service', 404],
      ['/api/techdocs/metadata/entity/default/component/private-service', 404],
    ] as const) {
      const res = await request(server)
        .get(url)
        .set('Authorization', mockCredentials.user.header(OUTSIDER));
      expect([url, res.status]).toEqual([url, status]);
      // No token: refused (401), or for the cookie-authenticated static files not found
      const anonymous = await request(server).get(url);
      expect([url, [401, 404].includes(anonymous.status)]).toEqual([url, true]);
      expect(anonymous.text).not.toContain('handbook');
    }
    const own = await request(server)
      .get(
        '/api/techdocs/static/docs/default/component/private-service/index.html',
      )
      .set('Authorization', mockCredentials.user.header(READER));
    expect(own.status).toBe(200);
  });

  // Each of these makes Debian's mkdocs run code or read outside the checkout
  // when it is built as is (the control below shows it for the first ones).
  const hostile: Array<[string, string, Record<string, string>, RegExp]> = [
    [
      'hooks',
      'site_name: x\nhooks:\n  - hooks.py\n',
      {
        'hooks.py': `import pathlib\npathlib.Path(${JSON.stringify(
          'MARKER',
        )}).write_text('hook ran')\n`,
      },
      /'hooks' is not accepted/,
    ],
    [
      'a python/object/apply tag',
      `site_name: x\nextra:\n  x: !!python/object/apply:os.system ["touch MARKER"]\n`,
      {},
      /Python tags/,
    ],
    ['!ENV', 'site_name: !ENV [HOME, x]\n', {}, /environment/],
    [
      'docs_dir outside',
      'site_name: x\ndocs_dir: ../../..\n',
      {},
      /outside the repository/,
    ],
    [
      'theme custom_dir',
      'site_name: x\ntheme:\n  name: mkdocs\n  custom_dir: overrides\n',
      { 'overrides/main.html': "{{ ''.__class__ }}" },
      /custom_dir/,
    ],
    [
      'snippets',
      'site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets\n',
      { 'docs/p.md': '--8<-- "/etc/passwd"\n' },
      /snippets/,
    ],
    ['a symlink out', 'site_name: x\n', { 'docs/.keep': '' }, /points outside/],
  ];

  it('the hostile configs are real: mkdocs itself runs the hook and the Python tag', async () => {
    for (const [label, yml, files] of hostile.slice(0, 2)) {
      const m = path.join(
        base,
        `control-${hostile.indexOf(hostile.find(h => h[0] === label)!)}`,
      );
      const dir = await docs(
        `control-${label.replace(/\W+/g, '-')}`,
        yml.replace('MARKER', m),
        Object.fromEntries(
          Object.entries(files).map(([k, v]) => [k, v.replace('MARKER', m)]),
        ),
      );
      try {
        execFileSync(
          'mkdocs',
          ['build', '-q', '-d', path.join(base, 'control-site')],
          { cwd: dir, stdio: 'pipe' },
        );
      } catch {
        // the tag's return value may fail the build after it ran
      }
      expect([label, await exists(m)]).toEqual([label, true]);
    }
  });

  it.each(hostile)(
    'refuses %s before mkdocs runs and says why',
    async (label, yml, files, message) => {
      const name = `hostile-${hostile.findIndex(h => h[0] === label)}`;
      const dir = await docs(
        name,
        yml.replace('MARKER', marker),
        Object.fromEntries(
          Object.entries(files).map(([k, v]) => [
            k,
            v.replace('MARKER', marker),
          ]),
        ),
      );
      if (label === 'a symlink out')
        await fs.symlink('/etc/passwd', path.join(dir, 'docs', 'passwd.md'));
      entities.push(component(name));
      const { server } = await start();
      const result = await sync(server, name);
      expect(result.body).toContain('event: error');
      expect(result.body).toMatch(message);
      expect(await exists(marker)).toBe(false);
      const page = await request(server)
        .get(`/api/techdocs/static/docs/default/component/${name}/index.html`)
        .set('Authorization', mockCredentials.user.header(READER));
      expect(page.status).toBe(404);
    },
  );
});

async function exists(p: string) {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
