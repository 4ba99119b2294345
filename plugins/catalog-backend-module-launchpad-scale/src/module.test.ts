/*
 * The module in a test backend with the real catalog on the embedded
 * Postgres: a full reprocessing round only every hour, yet a changed catalog
 * file shows within the check period; an unchanged catalog is not refreshed.
 */
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import scaleModule from './index';

jest.setTimeout(180_000);

const component = (
  name: string,
  description: string,
) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata: { name: ${name}, description: "${description}" }
spec: { type: service, lifecycle: production, owner: team-a }
`;

describe('changed catalog files', () => {
  let backend: TestBackend;
  let dir: string;
  const get = (url: string) =>
    request(backend.server)
      .get(url)
      .set('Authorization', mockCredentials.user.header());
  const description = async (name: string) =>
    (await get(`/api/catalog/entities/by-name/component/default/${name}`)).body
      ?.metadata?.description;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-file-changes-'));
    for (const name of ['svc-a', 'svc-b'])
      fs.writeFileSync(
        path.join(dir, `${name}.yaml`),
        component(name, 'first'),
      );
    backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({
          data: {
            backend: { database: testDatabaseConfig() },
            catalog: {
              rules: [{ allow: ['Component', 'Location'] }],
              locations: ['svc-a', 'svc-b'].map(name => ({
                type: 'file',
                target: path.join(dir, `${name}.yaml`),
              })),
              processingInterval: { hours: 1 },
            },
            launchpad: { catalog: { fileChangeCheck: { seconds: 1 } } },
          },
        }),
        // The real scheduler: the mock one runs each task once at start, not on its frequency.
        schedulerServiceFactory,
        catalogPlugin,
        scaleModule,
      ],
    });
    await waitFor(
      async () =>
        (await description('svc-a')) === 'first' &&
        (await description('svc-b')) === 'first'
          ? true
          : undefined,
      {
        describe: () => 'the test entities never reached the catalog',
      },
    );
  });

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows a change to a file within seconds, with an hourly processing interval', async () => {
    // Past the first check, which only notes each file's modification time.
    await new Promise(r => setTimeout(r, 3000));
    fs.writeFileSync(
      path.join(dir, 'svc-a.yaml'),
      component('svc-a', 'second'),
    );
    await waitFor(
      async () =>
        (await description('svc-a')) === 'second' ? true : undefined,
      {
        timeoutMs: 30_000,
        describe: async () => `svc-a still says ${await description('svc-a')}`,
      },
    );
    expect(await description('svc-b')).toBe('first');
  });
});
