/*
 * Integration tests of the catalog as this portal composes it, on the real
 * embedded Postgres that `npm test` starts (no SQLite, no mocked database).
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import unprocessedEntities from '@backstage/plugin-catalog-backend-module-unprocessed';
import localFiles from '@internal/plugin-catalog-backend-module-local-files';
import { locationSpecToMetadataName } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { readDeclaredEntities } from './__testUtils__/catalogFiles';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');
const examples = path.join(__dirname, '__fixtures__/backstage-examples');
const auth = mockCredentials.user.header();

type DbConfig = ReturnType<typeof testDatabaseConfig>;

async function startCatalog(
  database: DbConfig,
  locations: string[] = [],
): Promise<TestBackend> {
  return startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          backend: { database, reading: { allow: [] } },
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
                  'Template',
                  // Kinds newer than this catalog model: let them in so each is reported on its own
                  'Environment',
                  'AiResource',
                ],
              },
            ],
            locations: locations.map(target => ({ type: 'file', target })),
          },
          launchpad: {
            // File locations are registered over the API only in local mode, and only
            // from these folders: the upstream examples and the tests' temporary folders.
            localMode: true,
            catalog: {
              fileRoots: [examples, os.tmpdir()],
              // Users and Groups: from the configured locations, and from the upstream
              // example org that the compatibility tests register over the API.
              orgSources: [
                ...locations,
                ...['all.yaml', 'acme/org.yaml'].map(file =>
                  path.join(examples, file),
                ),
              ].map(target => ({ type: 'file', target })),
            },
          },
        },
      }),
      catalogPlugin,
      scaffolderEntityModel,
      unprocessedEntities,
      localFiles,
    ],
  });
}

async function getEntity(backend: TestBackend, ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  const res = await request(backend.server)
    .get(
      `/api/catalog/entities/by-name/${kind}/${namespace}/${encodeURIComponent(
        name,
      )}`,
    )
    .set('Authorization', auth);
  return res.status === 200 ? res.body : undefined;
}

async function allRefs(backend: TestBackend): Promise<Set<string>> {
  const res = await request(backend.server)
    .get('/api/catalog/entities?fields=kind,metadata.namespace,metadata.name')
    .set('Authorization', auth);
  expect(res.status).toBe(200);
  return new Set(
    res.body.map((e: any) =>
      `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLocaleLowerCase(
        'en-US',
      ),
    ),
  );
}

/** Waits until every ref is in the catalog; the failure names the missing ones. */
async function waitForRefs(backend: TestBackend, refs: string[]) {
  let missing: string[] = refs;
  await waitFor(
    async () => {
      const present = await allRefs(backend);
      missing = refs.filter(r => !present.has(r));
      return missing.length === 0 ? true : undefined;
    },
    {
      timeoutMs: 90_000,
      describe: () =>
        `entities missing from the catalog: ${missing.join(', ')}`,
    },
  );
}

/**
 * Entities the catalog could not accept, with their errors, as the
 * unprocessed-entities API reports them: "failed" (processed before, now
 * failing) and "pending" (never accepted) entries that carry errors.
 */
async function processingErrors(backend: TestBackend) {
  const reports: Array<{
    entity_ref: string;
    errors: Array<{ message: string }>;
  }> = [];
  for (const reason of ['failed', 'pending']) {
    const res = await request(backend.server)
      .get(`/api/catalog/entities/unprocessed/${reason}`)
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    for (const entry of res.body.entities) {
      if (!entry.errors?.length) continue;
      // The pending list leaves entity_ref empty; the unprocessed entity names it.
      const { kind, metadata } = entry.unprocessed_entity;
      const ref = `${kind}:${metadata.namespace ?? 'default'}/${metadata.name}`;
      reports.push({
        entity_ref: ref.toLocaleLowerCase('en-US'),
        errors: entry.errors,
      });
    }
  }
  return reports;
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'launchpad-catalog-test-'));
}

function writeComponent(file: string, name: string, extra = '') {
  fs.writeFileSync(
    file,
    `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  description: Test component ${name}
spec:
  type: service
  lifecycle: experimental
  owner: group:default/platform
${extra}`,
  );
}

describe('the demo company', () => {
  let backend: TestBackend;
  const declared = [
    ...readDeclaredEntities(path.join(repoRoot, 'catalog-info.yaml')),
    ...readDeclaredEntities(path.join(repoRoot, 'catalog/all.yaml')),
  ];

  beforeAll(async () => {
    backend = await startCatalog(testDatabaseConfig(), [
      path.join(repoRoot, 'catalog-info.yaml'),
      path.join(repoRoot, 'catalog/all.yaml'),
    ]);
    await waitForRefs(
      backend,
      declared.map(e => e.ref),
    );
  });
  afterAll(() => backend?.stop());

  it('is big enough to be believable', () => {
    const count = (kind: string) =>
      declared.filter(e => e.kind === kind).length;
    expect(count('Group')).toBeGreaterThanOrEqual(5);
    expect(count('User')).toBeGreaterThanOrEqual(15);
    expect(count('Domain') + count('System')).toBeGreaterThanOrEqual(3);
    expect(count('Component')).toBeGreaterThanOrEqual(12);
    expect(count('API')).toBeGreaterThanOrEqual(5);
    expect(count('Resource')).toBeGreaterThanOrEqual(3);
    const componentTypes = new Set(
      declared
        .filter(e => e.kind === 'Component')
        .map(e => e.document.spec.type),
    );
    expect(componentTypes.size).toBeGreaterThanOrEqual(3);
    const apiTypes = new Set(
      declared.filter(e => e.kind === 'API').map(e => e.document.spec.type),
    );
    expect(apiTypes).toEqual(new Set(['openapi', 'asyncapi']));
  });

  it('ingests every declared entity without processing errors', async () => {
    const reports = await processingErrors(backend);
    expect(reports.map(f => `${f.entity_ref}: ${f.errors[0].message}`)).toEqual(
      [],
    );
  });

  it('resolves every API definition from the file kept in the repo', async () => {
    for (const api of declared.filter(e => e.kind === 'API')) {
      const entity = await getEntity(backend, api.ref);
      const file = path.resolve(
        path.dirname(api.file),
        api.document.spec.definition.$text,
      );
      expect(entity.spec.definition).toBe(fs.readFileSync(file, 'utf-8'));
      expect(entity.spec.definition).toMatch(/^(openapi|asyncapi): /m);
    }
  });

  it('relates owners, members, APIs and dependencies so the graph means something', async () => {
    for (const component of declared.filter(e => e.kind === 'Component')) {
      const entity = await getEntity(backend, component.ref);
      const relations = entity.relations.map(
        (r: any) => `${r.type} ${r.targetRef}`,
      );
      expect(relations).toEqual(
        expect.arrayContaining([expect.stringMatching(/^ownedBy group:/)]),
      );
      for (const api of component.document.spec.providesApis ?? []) {
        const target = api.includes(':') ? api : `api:default/${api}`;
        expect(relations).toContain(`providesApi ${target}`);
      }
    }
    const withMembers = [];
    for (const group of declared.filter(e => e.kind === 'Group')) {
      const entity = await getEntity(backend, group.ref);
      if (entity.relations.some((r: any) => r.type === 'hasMember'))
        withMembers.push(group.ref);
    }
    expect(withMembers.length).toBeGreaterThanOrEqual(5);
    const dependencyEdges = declared
      .filter(e => e.kind === 'Component')
      .flatMap(e => [
        ...(e.document.spec.dependsOn ?? []),
        ...(e.document.spec.consumesApis ?? []),
      ]);
    expect(dependencyEdges.length).toBeGreaterThanOrEqual(10);
  });
});

describe('Backstage compatibility: the upstream example catalog', () => {
  let backend: TestBackend;
  // all.yaml + acme/org.yaml, plus the files the corpus names on their own:
  // the component in another namespace, the invalid one, the environments.
  const registered = [
    'all.yaml',
    'acme/org.yaml',
    'components/different-namespace.yaml',
    'components/invalid-component.yaml',
    'all-environments.yaml',
  ].map(file => path.join(examples, file));
  const declared = registered.flatMap(readDeclaredEntities);
  const coreKinds = new Set([
    'Component',
    'System',
    'API',
    'Resource',
    'Location',
    'Domain',
    'Group',
    'User',
  ]);
  const invalid = declared.filter(e => / /.test(e.name));
  const expected = declared.filter(
    e => coreKinds.has(e.kind) && !invalid.includes(e),
  );

  beforeAll(async () => {
    backend = await startCatalog(testDatabaseConfig());
    for (const target of registered) {
      const res = await request(backend.server)
        .post('/api/catalog/locations')
        .set('Authorization', auth)
        .send({ type: 'file', target });
      if (res.status !== 201)
        throw new Error(`registering ${target}: ${res.status} ${res.text}`);
    }
    await waitForRefs(
      backend,
      expected.map(e => e.ref),
    );
  });
  afterAll(() => backend?.stop());

  it('ingests every valid entity, including the one in another namespace', async () => {
    expect(expected.length).toBeGreaterThan(40);
    expect(
      await getEntity(backend, 'component:alternative/different-namespace'),
    ).toBeDefined();
  });

  it('rejects the invalid component with an error that names the problem, and only it', async () => {
    expect(invalid.map(e => e.file)).toEqual([
      path.join(examples, 'components/invalid-component.yaml'),
    ]);
    const reports = await waitFor(
      async () => {
        const list = await processingErrors(backend);
        return list.some(f => / /.test(f.entity_ref)) ? list : undefined;
      },
      { describe: () => 'the invalid component was never reported' },
    );
    const report = reports.find(f => / /.test(f.entity_ref))!;
    expect(report.entity_ref).toBe('component:default/invalid component');
    expect(report.errors.map(e => e.message).join('\n')).toMatch(
      /"metadata\.name" is not valid/,
    );
    const isCoreKind = (ref: string) =>
      [...coreKinds].some(kind =>
        ref.startsWith(`${kind.toLocaleLowerCase('en-US')}:`),
      );
    expect(reports.map(f => f.entity_ref).filter(isCoreKind)).toEqual([
      report.entity_ref,
    ]);

    const dryRun = await request(backend.server)
      .post('/api/catalog/locations?dryRun=true')
      .set('Authorization', auth)
      .send({ type: 'file', target: invalid[0].file });
    expect(dryRun.status).toBe(400);
    expect(dryRun.body.error.message).toMatch(/"metadata\.name" is not valid/);
  });

  it('reports kinds newer than its model one by one, without failing anything else', async () => {
    const newer = declared.filter(e => !coreKinds.has(e.kind));
    expect(new Set(newer.map(e => e.kind))).toEqual(
      new Set(['Environment', 'AiResource']),
    );
    const reports = await waitFor(
      async () => {
        const list = await processingErrors(backend);
        return newer.every(e => list.some(f => f.entity_ref === e.ref))
          ? list
          : undefined;
      },
      { describe: () => 'the newer kinds were never reported' },
    );
    for (const entity of newer) {
      const report = reports.find(f => f.entity_ref === entity.ref)!;
      expect(report.errors.map(e => e.message).join('\n')).toMatch(
        /foreign kind/,
      );
    }
  });

  it('keeps APIs whose definition is at an unreachable URL, saying it could not be read', async () => {
    const remote = declared.filter(
      e =>
        e.kind === 'API' &&
        /^https?:/.test(e.document.spec.definition?.$text ?? ''),
    );
    expect(remote.length).toBeGreaterThan(0);
    for (const api of remote) {
      const entity = await getEntity(backend, api.ref);
      expect(entity.spec.definition).toContain('could not be read');
      expect(entity.spec.definition).toContain(
        api.document.spec.definition.$text,
      );
    }
  });

  it('reads a relative $text definition beside a file location', async () => {
    const entity = await getEntity(backend, 'api:default/petstore-webhook');
    expect(entity.spec.definition).toBe(
      fs.readFileSync(
        path.join(examples, 'apis/petstore-webhook.oas.yaml'),
        'utf-8',
      ),
    );
  });
});

describe('bad input', () => {
  let backend: TestBackend;
  let dir: string;
  const before = new Set<string>();

  beforeAll(async () => {
    dir = tempDir();
    writeComponent(path.join(dir, 'good.yaml'), 'bad-input-survivor');
    backend = await startCatalog(testDatabaseConfig(), [
      path.join(dir, 'good.yaml'),
    ]);
    await waitForRefs(backend, ['component:default/bad-input-survivor']);
    for (const ref of await allRefs(backend)) before.add(ref);
  });
  afterAll(() => backend?.stop());

  /** Nothing that was in the catalog before is lost. */
  async function expectNothingLost() {
    const now = await allRefs(backend);
    expect([...before].filter(ref => !now.has(ref))).toEqual([]);
  }

  async function register(body: unknown, dryRun = false) {
    return request(backend.server)
      .post(`/api/catalog/locations${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  }

  it('answers a garbage request body with a 400 that says what is wrong', async () => {
    const garbage = await register('{{{ not json');
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toMatch(/JSON/);
    const missing = await register({ type: 'file' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/target/);
    const wrongType = await register({
      type: 'carrier-pigeon',
      target: '/x.yaml',
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.message).toMatch(/allowed type/);
    await expectNothingLost();
  });

  it('reports a malformed YAML file with the parser message and location', async () => {
    const file = path.join(dir, 'malformed.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [oops\n',
    );
    const res = await register({ type: 'file', target: file }, true);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`YAML error at file:${file}`);
    await expectNothingLost();
  });

  it('reports an entity that breaks the schema, naming the field', async () => {
    const file = path.join(dir, 'schema.yaml');
    writeComponent(file, 'schema-breaker');
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf-8').replace('  lifecycle: experimental\n', ''),
    );
    const res = await register({ type: 'file', target: file }, true);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(
      /component:default\/schema-breaker.*lifecycle/,
    );
    await expectNothingLost();
  });

  it('reports a location that does not exist', async () => {
    const file = path.join(dir, 'nowhere.yaml');
    const res = await register({ type: 'file', target: file }, true);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(`file ${file} does not exist`);
    await expectNothingLost();
  });

  it('keeps the last good entity when its file turns malformed, and shows the error on its location', async () => {
    const file = path.join(dir, 'turns-bad.yaml');
    writeComponent(file, 'soon-broken');
    const created = await register({ type: 'file', target: file });
    expect(created.status).toBe(201);
    await waitForRefs(backend, ['component:default/soon-broken']);
    before.add('component:default/soon-broken');

    fs.writeFileSync(file, 'kind: Component\nmetadata: [unclosed\n');
    const ref = `location:default/${locationSpecToMetadataName({
      type: 'file',
      target: file,
    })}`;
    const refresh = await request(backend.server)
      .post('/api/catalog/refresh')
      .set('Authorization', auth)
      .send({ entityRef: ref });
    expect(refresh.status).toBe(200);

    const location = await waitFor(
      async () => {
        const entity = await getEntity(backend, ref);
        return entity?.status?.items?.length ? entity : undefined;
      },
      { describe: () => `no processing error was recorded on ${ref}` },
    );
    expect(location.status.items[0].level).toBe('error');
    expect(location.status.items[0].message).toMatch(/YAML/);
    expect(
      await getEntity(backend, 'component:default/soon-broken'),
    ).toBeDefined();
    await expectNothingLost();
  });
});

describe('persistence', () => {
  it('keeps a registered entity across a backend restart', async () => {
    const database = testDatabaseConfig();
    const dir = tempDir();
    writeComponent(path.join(dir, 'persisted.yaml'), 'survives-restart');

    const first = await startCatalog(database);
    const created = await request(first.server)
      .post('/api/catalog/locations')
      .set('Authorization', auth)
      .send({ type: 'file', target: path.join(dir, 'persisted.yaml') });
    expect(created.status).toBe(201);
    await waitForRefs(first, ['component:default/survives-restart']);
    await first.stop();

    const second = await startCatalog(database);
    try {
      // Read straight after start: served from Postgres, not re-ingested.
      const entity = await getEntity(
        second,
        'component:default/survives-restart',
      );
      expect(entity?.metadata.description).toBe(
        'Test component survives-restart',
      );
      const locations = await request(second.server)
        .get('/api/catalog/locations')
        .set('Authorization', auth);
      expect(locations.body.map((l: any) => l.data.target)).toContain(
        path.join(dir, 'persisted.yaml'),
      );
    } finally {
      await second.stop();
    }
  });
});
