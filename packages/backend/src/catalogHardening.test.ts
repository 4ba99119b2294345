/*
 * The catalog's file locations and org sources, attacked over the REST API
 * as any signed-in visitor could, on the real catalog and embedded Postgres:
 * - hostile file targets (outside the roots, "..", symbolic links out of a
 *   root, devices, a FIFO, a directory, a file over the cap) are refused at
 *   registration with a 400 that says why, and at read time when they come
 *   another way (a nested Location, a file swapped for a link later);
 * - a secret in a file that is not valid YAML never appears in any answer;
 * - a registered location cannot add Users or Groups, nor change anyone's
 *   membership;
 * - outside local mode file locations cannot be registered at all, while the
 *   configured ones still load.
 * After each, the backend still answers.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import unprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import { locationSpecToMetadataName } from '@backstage/plugin-catalog-node';
import localFiles from '@internal/plugin-catalog-backend-module-local-files';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(180_000);

const auth = mockCredentials.user.header();
const SECRET = 'S3CRET-hunter2-do-not-echo';
/** Lines of /etc/passwd, had it been read. */
const PASSWD = 'root:x:0:0';
const MAX_BYTES = 4096;

let dir: string;
let root: string;
let outside: string;
let configured: string;
let configuredList: string;

function write(file: string, text: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const component = (name: string, owner = 'group:default/platform') =>
  [
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    `metadata: { name: ${name} }`,
    `spec: { type: service, lifecycle: production, owner: ${owner} }`,
    '',
  ].join('\n');

const org = [
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata: { name: platform }',
  'spec: { type: team, children: [], members: [alice] }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata: { name: checkout }',
  'spec: { type: team, children: [] }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: User',
  'metadata: { name: alice }',
  'spec: { memberOf: [platform] }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: User',
  'metadata: { name: priya }',
  'spec: { memberOf: [checkout] }',
  '',
].join('\n');

/** What an attacker registers to become a platform admin. */
const attack = [
  component('attack-component', 'group:default/checkout'),
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: User',
  'metadata: { name: mallory }',
  'spec: { memberOf: [platform] }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: User',
  'metadata: { name: priya }',
  'spec: { memberOf: [checkout, platform] }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata: { name: platform }',
  'spec: { type: team, children: [], members: [alice, priya, mallory] }',
  '---',
  'apiVersion: backstage.io/v1alpha1',
  'kind: Group',
  'metadata: { name: shadow-admins }',
  'spec: { type: team, parent: platform, children: [], members: [priya] }',
  '',
].join('\n');

beforeAll(() => {
  dir = fs.realpathSync(
    fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-hardening-')),
  );
  root = path.join(dir, 'root');
  outside = path.join(dir, 'outside');
  configured = path.join(dir, 'config', 'org.yaml');
  write(configured, org);
  // The operator's own Location: even it cannot make the reader follow links out, or read devices.
  configuredList = path.join(dir, 'config', 'all.yaml');
  write(
    configuredList,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Location',
      'metadata: { name: configured-escapes }',
      'spec:',
      '  targets: [./passwd-link.yaml, ./zero-link.yaml, ./fifo.yaml, ./folder, ../outside/secret.yaml, ./big.yaml]',
      '',
    ].join('\n'),
  );
  fs.symlinkSync('/etc/passwd', path.join(dir, 'config', 'passwd-link.yaml'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'config', 'zero-link.yaml'));
  execFileSync('mkfifo', [path.join(dir, 'config', 'fifo.yaml')]);
  fs.mkdirSync(path.join(dir, 'config', 'folder'));
  write(path.join(dir, 'config', 'big.yaml'), `# ${'x'.repeat(MAX_BYTES)}\n`);
  write(path.join(outside, 'secret.yaml'), `password: ${SECRET}\n`);
  write(path.join(outside, 'component.yaml'), component('outside-component'));
  write(path.join(root, 'good.yaml'), component('good-component'));
  write(path.join(root, 'swapped.yaml'), component('swapped-component'));
  write(
    path.join(root, 'big.yaml'),
    `${component('big-component')}# ${'x'.repeat(MAX_BYTES)}\n`,
  );
  write(
    path.join(root, 'secret-invalid.yaml'),
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: leak\n  password: [${SECRET}\n`,
  );
  write(path.join(root, 'attack.yaml'), attack);
  fs.mkdirSync(path.join(root, 'folder'));
  fs.symlinkSync('/etc/passwd', path.join(root, 'passwd.yaml'));
  fs.symlinkSync(
    path.join(outside, 'secret.yaml'),
    path.join(root, 'secret-link.yaml'),
  );
  fs.symlinkSync(outside, path.join(root, 'linked'));
  fs.symlinkSync('/dev/zero', path.join(root, 'zero.yaml'));
  execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
  // A Location that reaches the same targets without going through registration.
  write(
    path.join(root, 'nested.yaml'),
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Location',
      'metadata: { name: nested-escapes }',
      'spec:',
      '  targets:',
      '    - /etc/passwd',
      '    - /dev/zero',
      '    - ../outside/secret.yaml',
      '    - ./linked/secret.yaml',
      '    - ./passwd.yaml',
      '    - ./zero.yaml',
      '    - ./fifo.yaml',
      '    - ./big.yaml',
      '    - ./secret-invalid.yaml',
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function startCatalog(localMode: boolean): Promise<TestBackend> {
  return startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          backend: { database: testDatabaseConfig(), reading: { allow: [] } },
          catalog: {
            allowedLocationTypes: ['url', 'file'],
            rules: [
              {
                allow: [
                  'Component',
                  'System',
                  'API',
                  'Resource',
                  'Location',
                  'Domain',
                  'Group',
                  'User',
                ],
              },
            ],
            locations: [configured, configuredList].map(target => ({
              type: 'file',
              target,
            })),
          },
          launchpad: {
            localMode,
            catalog: { fileRoots: [root], maxFileBytes: MAX_BYTES },
          },
        },
      }),
      catalogPlugin,
      unprocessedEntities,
      localFiles,
    ],
  });
}

/** Every answer the tests got, to search for leaked file contents at the end. */
const answers: string[] = [];

async function api(
  backend: TestBackend,
  method: 'get' | 'post' | 'put',
  url: string,
  body?: unknown,
) {
  let req = request(backend.server)
    [method](`/api/catalog${url}`)
    .set('Authorization', auth);
  if (body !== undefined)
    req = req
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(body));
  const res = await req;
  answers.push(res.text ?? '');
  return res;
}

async function entity(backend: TestBackend, ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await api(
    backend,
    'get',
    `/entities/by-name/${kind}/${namespace}/${name}`,
  );
  return res.status === 200 ? res.body : undefined;
}

/** Every processing error the catalog reports, by entity ref, as the unprocessed-entities API and entity status show them. */
async function reportedErrors(backend: TestBackend) {
  const out: Array<{ ref: string; message: string }> = [];
  for (const reason of ['failed', 'pending']) {
    const res = await api(backend, 'get', `/entities/unprocessed/${reason}`);
    expect(res.status).toBe(200);
    for (const entry of res.body.entities) {
      const { kind, metadata } = entry.unprocessed_entity;
      const ref = `${kind}:${metadata.namespace ?? 'default'}/${
        metadata.name
      }`.toLocaleLowerCase('en-US');
      for (const e of entry.errors ?? []) out.push({ ref, message: e.message });
    }
  }
  const all = await api(backend, 'get', '/entities');
  for (const e of all.body) {
    for (const item of e.status?.items ?? []) {
      out.push({
        ref: `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLocaleLowerCase(
          'en-US',
        ),
        message: item.message,
      });
    }
  }
  return out;
}

async function expectAnswering(backend: TestBackend) {
  const res = await api(backend, 'get', '/entities?limit=1');
  expect(res.status).toBe(200);
}

/** Scans everything the catalog will say now, plus every answer so far, for file contents. */
async function expectNoLeak(backend: TestBackend) {
  await reportedErrors(backend);
  await api(backend, 'get', '/locations');
  for (const text of answers) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(PASSWD);
  }
}

const locationRef = (target: string) =>
  `location:default/${locationSpecToMetadataName({ type: 'file', target })}`;

describe('file locations in local mode', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startCatalog(true);
    await waitFor(
      async () =>
        (await entity(backend, 'user:default/priya')) ? true : undefined,
      {
        describe: () => 'the configured org file never loaded',
      },
    );
  });
  afterAll(() => backend?.stop());

  // [what, target, what the 400 says]
  const hostile: Array<[string, () => string, RegExp]> = [
    [
      '/etc/shadow',
      () => '/etc/shadow',
      /outside the folders file locations may be read from/,
    ],
    ['/etc/passwd', () => '/etc/passwd', /outside the folders/],
    ['/proc/self/environ', () => '/proc/self/environ', /outside the folders/],
    ['/dev/zero', () => '/dev/zero', /outside the folders/],
    [
      'a ".." walk out of the root',
      () => `${root}/../outside/secret.yaml`,
      /outside the folders/,
    ],
    [
      'a ".." walk deeper',
      () => `${root}/folder/../../outside/component.yaml`,
      /outside the folders/,
    ],
    ['a relative path', () => 'root/good.yaml', /is not an absolute path/],
    [
      'a sibling that shares the root prefix',
      () => `${root}-other/good.yaml`,
      /outside the folders/,
    ],
    [
      'a symlink to /etc/passwd inside the root',
      () => path.join(root, 'passwd.yaml'),
      /through a symbolic link/,
    ],
    [
      'a symlink to a secret outside the root',
      () => path.join(root, 'secret-link.yaml'),
      /through a symbolic link/,
    ],
    [
      'a file under a symlinked folder',
      () => path.join(root, 'linked/secret.yaml'),
      /through a symbolic link/,
    ],
    [
      'a symlink to /dev/zero inside the root',
      () => path.join(root, 'zero.yaml'),
      /through a symbolic link/,
    ],
    [
      'a FIFO',
      () => path.join(root, 'fifo.yaml'),
      /not a regular file \(it is a FIFO/,
    ],
    [
      'a directory',
      () => path.join(root, 'folder'),
      /not a regular file \(it is a directory/,
    ],
    [
      'a file over the size cap',
      () => path.join(root, 'big.yaml'),
      new RegExp(`over the ${MAX_BYTES}-byte limit`),
    ],
    [
      'a file that does not exist',
      () => path.join(root, 'nowhere.yaml'),
      /nowhere\.yaml does not exist/,
    ],
    [
      'a path with a NUL byte',
      () => `${root}/good.yaml\0/etc/passwd`,
      /could not be resolved/,
    ],
    [
      'a path longer than the system allows',
      () => `${root}/${'a'.repeat(5000)}.yaml`,
      /could not be resolved \(ENAMETOOLONG\)/,
    ],
  ];

  it.each(hostile)(
    'refuses %s with a 400 saying why, dry run or not, and registers nothing',
    async (_what, target, message) => {
      for (const dryRun of [true, false]) {
        const res = await api(
          backend,
          'post',
          `/locations${dryRun ? '?dryRun=true' : ''}`,
          { type: 'file', target: target() },
        );
        expect([res.status, res.body.error?.name]).toEqual([400, 'InputError']);
        expect(res.body.error.message).toMatch(message);
      }
      const locations = await api(backend, 'get', '/locations');
      expect(locations.body.map((l: any) => l.data.target)).not.toContain(
        target(),
      );
      await expectAnswering(backend);
    },
  );

  it('refuses re-targeting a registered location to any of them', async () => {
    const created = await api(backend, 'post', '/locations', {
      type: 'file',
      target: path.join(root, 'good.yaml'),
    });
    expect(created.status).toBe(201);
    for (const [, target, message] of hostile) {
      const res = await api(
        backend,
        'put',
        `/locations/${created.body.location.id}`,
        { type: 'file', target: target() },
      );
      expect([target(), res.status]).toEqual([target(), 400]);
      expect(res.body.error.message).toMatch(message);
    }
    const kept = await api(
      backend,
      'get',
      `/locations/${created.body.location.id}`,
    );
    expect(kept.body.target).toBe(path.join(root, 'good.yaml'));
    await waitFor(
      async () =>
        (await entity(backend, 'component:default/good-component'))
          ? true
          : undefined,
      {
        describe: () => 'the good file never loaded',
      },
    );
  });

  it('reports a secret-bearing file that is not valid YAML by line and column, never by its text', async () => {
    const target = path.join(root, 'secret-invalid.yaml');
    const dryRun = await api(backend, 'post', '/locations?dryRun=true', {
      type: 'file',
      target,
    });
    expect(dryRun.status).toBe(400);
    expect(dryRun.body.error.message).toMatch(
      new RegExp(
        `YAML error at file:${target}, line \\d+, column \\d+: [A-Z_]+`,
      ),
    );
    const created = await api(backend, 'post', '/locations', {
      type: 'file',
      target,
    });
    expect(created.status).toBe(201);
    const errors = await waitFor(
      async () => {
        const list = (await reportedErrors(backend)).filter(
          e => e.ref === locationRef(target),
        );
        return list.length ? list : undefined;
      },
      { describe: () => `no error was reported for ${target}` },
    );
    expect(errors.map(e => e.message).join('\n')).toMatch(
      /YAML error at file:.*secret-invalid\.yaml, line \d+, column \d+/,
    );
    await expectNoLeak(backend);
  });

  it('checks targets reached through a nested Location the same way, and stays up', async () => {
    const created = await api(backend, 'post', '/locations', {
      type: 'file',
      target: path.join(root, 'nested.yaml'),
    });
    expect(created.status).toBe(201);
    const expected = [
      /\/etc\/passwd is outside the folders/,
      /\/dev\/zero is outside the folders/,
      /outside\/secret\.yaml is outside the folders/,
      /linked\/secret\.yaml leads outside .* through a symbolic link/,
      /passwd\.yaml leads outside .* through a symbolic link/,
      /zero\.yaml leads outside .* through a symbolic link/,
      /fifo\.yaml is not a regular file \(it is a FIFO/,
      /big\.yaml is \d+ bytes, over the 4096-byte limit/,
      /YAML error at file:.*secret-invalid\.yaml, line \d+, column \d+/,
    ];
    const messages = await waitFor(
      async () => {
        const list = (await reportedErrors(backend))
          .filter(e => e.ref === 'location:default/nested-escapes')
          .map(e => e.message);
        return expected.every(re => list.some(m => re.test(m)))
          ? list
          : undefined;
      },
      {
        describe: async () =>
          `nested-escapes reported: ${JSON.stringify(
            (
              await reportedErrors(backend)
            ).filter(e => e.ref === 'location:default/nested-escapes'),
          )}`,
      },
    );
    expect(messages.length).toBeGreaterThanOrEqual(expected.length);
    await expectAnswering(backend);
    await expectNoLeak(backend);
  });

  it('reads what the configured locations list only as regular files in their folders', async () => {
    const expected = [
      /passwd-link\.yaml leads outside .* through a symbolic link/,
      /zero-link\.yaml leads outside .* through a symbolic link/,
      /config\/fifo\.yaml is not a regular file \(it is a FIFO/,
      /config\/folder is not a regular file \(it is a directory/,
      /outside\/secret\.yaml is outside the folders/,
      /config\/big\.yaml is \d+ bytes, over the 4096-byte limit/,
    ];
    const messages = await waitFor(
      async () => {
        const list = (await reportedErrors(backend))
          .filter(e => e.ref === 'location:default/configured-escapes')
          .map(e => e.message);
        return expected.every(re => list.some(m => re.test(m)))
          ? list
          : undefined;
      },
      {
        describe: async () =>
          `configured-escapes reported: ${JSON.stringify(
            (
              await reportedErrors(backend)
            ).filter(e => e.ref === 'location:default/configured-escapes'),
          )}`,
      },
    );
    for (const re of expected) {
      expect(messages).toContainEqual(expect.stringMatching(re));
    }
    await expectAnswering(backend);
    await expectNoLeak(backend);
  });

  it('refuses a registered file that later becomes a link out of its root, keeping the last good entity', async () => {
    const target = path.join(root, 'swapped.yaml');
    const created = await api(backend, 'post', '/locations', {
      type: 'file',
      target,
    });
    expect(created.status).toBe(201);
    await waitFor(
      async () =>
        (await entity(backend, 'component:default/swapped-component'))
          ? true
          : undefined,
      {
        describe: () => 'swapped.yaml never loaded',
      },
    );
    const current = backend;
    for (const [link, message] of [
      [path.join(outside, 'secret.yaml'), /through a symbolic link/],
      ['/dev/zero', /through a symbolic link/],
      [path.join(root, 'fifo.yaml'), /not a regular file \(it is a FIFO/],
    ] as const) {
      fs.rmSync(target);
      fs.symlinkSync(link, target);
      const refresh = await api(current, 'post', '/refresh', {
        entityRef: locationRef(target),
      });
      expect(refresh.status).toBe(200);
      await waitFor(
        async () => {
          const location = await entity(current, locationRef(target));
          const items: Array<{ message: string }> =
            location?.status?.items ?? [];
          return items.some(i => message.test(i.message)) ? true : undefined;
        },
        {
          describe: () =>
            `${target} -> ${link} was not refused with ${message}`,
        },
      );
      expect(
        await entity(current, 'component:default/swapped-component'),
      ).toBeDefined();
      await expectAnswering(current);
    }
    await expectNoLeak(backend);
  });

  describe('Users and Groups', () => {
    const refs = [
      'group:default/platform',
      'group:default/checkout',
      'user:default/alice',
      'user:default/priya',
    ];
    /** The relations that decide who belongs where (ownership of the attacker's own component aside). */
    const relationsOf = async (ref: string) =>
      ((await entity(backend, ref))?.relations ?? [])
        .filter((r: any) =>
          ['hasMember', 'memberOf', 'parentOf', 'childOf'].includes(r.type),
        )
        .map((r: any) => `${r.type} ${r.targetRef}`)
        .sort();
    const membersOfPlatform = async () =>
      (
        await api(
          backend,
          'get',
          '/entities?filter=relations.memberof=group:default/platform&fields=metadata.name',
        )
      ).body
        .map((e: any) => e.metadata.name)
        .sort();

    it("refuses a registered location that declares them, changing no one's membership", async () => {
      const before = Object.fromEntries(
        await Promise.all(refs.map(async ref => [ref, await relationsOf(ref)])),
      );
      expect(before['group:default/platform']).toContain(
        'hasMember user:default/alice',
      );
      expect(await membersOfPlatform()).toEqual(['alice']);

      const target = path.join(root, 'attack.yaml');
      const dryRun = await api(backend, 'post', '/locations?dryRun=true', {
        type: 'file',
        target,
      });
      expect(dryRun.status).toBe(400);
      expect(dryRun.body.error.message).toContain(
        `User and Group entities come from the organisation's configured sources (file:${configured}, file:${configuredList}), not from locations registered through the API`,
      );

      const created = await api(backend, 'post', '/locations', {
        type: 'file',
        target,
      });
      expect(created.status).toBe(201);
      // The file is refused as a whole, the error on its location naming every User and Group in it.
      const [error] = await waitFor(
        async () => {
          const list = (await reportedErrors(backend)).filter(
            e => e.ref === locationRef(target),
          );
          return list.length ? list : undefined;
        },
        { describe: () => `no error was reported on ${locationRef(target)}` },
      );
      expect(error.message).toContain(
        "User and Group entities come from the organisation's configured sources",
      );
      for (const ref of [
        'user:default/mallory',
        'user:default/priya',
        'group:default/platform',
        'group:default/shadow-admins',
      ]) {
        expect(error.message).toContain(ref);
      }
      expect(error.message).toContain(
        `came from file:${target} and were not added`,
      );
      expect(
        await entity(backend, 'component:default/attack-component'),
      ).toBeUndefined();

      expect(await entity(backend, 'user:default/mallory')).toBeUndefined();
      expect(
        await entity(backend, 'group:default/shadow-admins'),
      ).toBeUndefined();
      for (const ref of refs)
        expect([ref, await relationsOf(ref)]).toEqual([ref, before[ref]]);
      expect(await membersOfPlatform()).toEqual(['alice']);
      const priya = await entity(backend, 'user:default/priya');
      expect(
        priya.metadata.annotations['backstage.io/managed-by-origin-location'],
      ).toBe(`file:${configured}`);
    });
  });
});

describe('file locations outside local mode', () => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startCatalog(false);
  });
  afterAll(() => backend?.stop());

  it('still loads the configured file locations, Users and Groups included', async () => {
    // each entity of the file is stitched on its own: wait for both kinds
    await waitFor(
      async () =>
        (await entity(backend, 'group:default/platform')) &&
        (await entity(backend, 'user:default/alice'))
          ? true
          : undefined,
      {
        describe: () =>
          'the configured org file (a Group and a User) never loaded outside local mode',
      },
    );
    expect(await entity(backend, 'user:default/alice')).toMatchObject({
      kind: 'User',
      metadata: { name: 'alice' },
    });
  });

  it.each([
    ['a file inside the roots', () => path.join(root, 'good.yaml')],
    ['the configured file itself', () => configured],
    ['/etc/shadow', () => '/etc/shadow'],
    ['/dev/zero', () => '/dev/zero'],
  ])(
    'refuses to register %s over the API, naming no folders',
    async (_what, target) => {
      for (const dryRun of [true, false]) {
        const res = await api(
          backend,
          'post',
          `/locations${dryRun ? '?dryRun=true' : ''}`,
          { type: 'file', target: target() },
        );
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /file locations can be registered only in local mode \(launchpad\.localMode is false\)/,
        );
        expect(res.body.error.message).not.toContain(root);
      }
      expect((await api(backend, 'get', '/locations')).body).toEqual([]);
      await expectAnswering(backend);
    },
  );

  it('still lets url locations through to the catalog', async () => {
    const res = await api(backend, 'post', '/locations?dryRun=true', {
      type: 'url',
      target: 'https://git.example.com/a/b/blob/main/catalog-info.yaml',
    });
    expect(res.body.error?.message ?? '').not.toMatch(/local mode/);
    await expectNoLeak(backend);
  });
});
