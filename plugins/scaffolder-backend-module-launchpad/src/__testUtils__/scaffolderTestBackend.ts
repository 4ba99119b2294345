/*
 * The module in a real scaffolder with the real catalog and git host, on the
 * embedded Postgres, as the module's integration tests start it; and a
 * template run through the scaffolder's API, as a user starts one.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { TestBackend } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/config';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports -- the tests compose the module with the real git host plugin, as the backend does; nothing outside __testUtils__ imports it
import gitHosting, {
  gitHostUrlReaderFactory,
} from '@internal/plugin-git-hosting-backend';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import request from 'supertest';
import launchpadActions from '../index';

export interface ScaffolderTestBackendOptions {
  /** The git host's folder. */
  gitRoot: string;
  /** `launchpad` config. */
  launchpad: JsonObject;
  /** Kinds the catalog lets in. */
  kinds: string[];
  /** Catalog locations: file paths or URLs. */
  locations: Array<{ type: 'file' | 'url'; target: string }>;
  /** Ready once the catalog has this many entities of these kinds. */
  ready: { kinds: string[]; count: number };
}

/**
 * Starts the catalog, the scaffolder with this module's actions and the git
 * host, and waits for the catalog to have read what the test gave it.
 */
export async function startScaffolderTestBackend(
  options: ScaffolderTestBackendOptions,
): Promise<TestBackend> {
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: testDatabaseConfig(),
          },
          gitHosting: { root: options.gitRoot },
          launchpad: options.launchpad,
          catalog: {
            rules: [{ allow: options.kinds }],
            locations: options.locations,
          },
        },
      }),
      catalogPlugin,
      scaffolderEntityModel,
      scaffolderPlugin,
      launchpadActions,
      gitHosting,
      gitHostUrlReaderFactory,
    ],
  });
  const { kinds, count } = options.ready;
  const query = `${kinds
    .map(kind => `filter=kind=${kind}`)
    .join('&')}&fields=kind,metadata.name`;
  let seen: unknown;
  await waitFor(
    async () => {
      const res = await request(backend.server)
        .get(`/api/catalog/entities?${query}`)
        .set('Authorization', mockCredentials.user.header());
      seen = res.body;
      return Array.isArray(res.body) && res.body.length === count
        ? true
        : undefined;
    },
    {
      describe: () =>
        `the ${kinds.join(
          ', ',
        )} entities never reached the catalog: ${JSON.stringify(seen)}`,
    },
  );
  return backend;
}

/** What a finished scaffolder task left: its status, log and output. */
export interface FinishedTask {
  id: string;
  status: string;
  log: string;
  output: Record<string, any>;
}

/**
 * Runs a template as `user` through the scaffolder's API and waits for the
 * task to finish. The task must be accepted (201).
 */
export async function runTemplate(
  backend: TestBackend,
  user: string,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<FinishedTask> {
  const auth = mockCredentials.user.header(user);
  const created = await request(backend.server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', auth)
    .send({ templateRef, values })
    .expect(201);
  const id: string = created.body.id;
  const task = await waitFor(
    async () => {
      const res = await request(backend.server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set('Authorization', auth);
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? res.body
        : undefined;
    },
    { describe: () => `task ${id} did not finish` },
  );
  const events = await request(backend.server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set('Authorization', auth);
  const log: string = events.body
    .map((e: any) => e.body?.message ?? '')
    .join('\n');
  const output =
    events.body.find((e: any) => e.type === 'completion')?.body?.output ?? {};
  return { id, status: task.status, log, output };
}
