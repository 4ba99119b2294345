/*
 * Integration test of Backstage's own Kubernetes backend
 * (@backstage/plugin-kubernetes-backend, unmodified) with the catalog, on the
 * real embedded Postgres that `npm test` starts, against three clusters:
 * dev, stage and prod; and of the portal's Kubernetes-per-environment plugin
 * on top of it (environment view, comparison, events, logs for the owners
 * of the workload under the portal's real permission policy), and of the
 * launchpad-guard module in front of the Kubernetes backend's
 * custom-resource query.
 *
 * THE CLUSTERS ARE STAND-INS, not Kubernetes: no cluster can run on this
 * machine, so each is an @internal/kube-standin server that speaks the
 * Kubernetes REST protocol (bearer tokens, list endpoints with label
 * selectors, pod logs, metrics, Argo CD Application custom resources) over
 * made-up objects that are valid against the Kubernetes schemas, 500 pods per
 * cluster.
 *
 * Why the backend runs in a child process: the kubernetes-backend loads
 * @kubernetes/client-node (ESM only) with a dynamic import() on every cluster
 * request. Inside a Jest worker that needs Node's --experimental-vm-modules
 * (upstream runs its own tests with it), which `npm test` does not pass, so
 * every request would fail with ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING_FLAG.
 * This file therefore has two roles. Run by Jest, it is the test: it starts
 * the stand-ins in the Jest worker (so it can stop them, take them down and
 * rotate their tokens) and talks HTTP to the backend. Run by Node with the
 * Backstage CLI's TypeScript hook and LAUNCHPAD_K8S_TEST_BACKEND set (see
 * startBackendProcess), it starts that backend with startTestBackend and
 * reports its port over IPC.
 *
 * No assertion here is about wall-clock time; timing belongs to bench/.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import { permissionsRegistryServiceFactory } from '@backstage/backend-defaults/permissionsRegistry';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import kubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import clusterTimeout from '@internal/plugin-kubernetes-backend-module-cluster-timeout';
import kubernetesGuard from '@internal/plugin-kubernetes-backend-module-launchpad-guard';
import kubernetesEnvironmentsPlugin from '@internal/plugin-kubernetes-environments-backend';
import type { EnvironmentsResponse } from '@internal/plugin-kubernetes-environments-common';
import launchpadPolicy from '@internal/plugin-permission-backend-module-launchpad-policy';
import scorecardsPlugin from '@internal/plugin-scorecards-backend';
import scorecardsKubernetesFacts from '@internal/plugin-scorecards-backend-module-kubernetes';
import { detectErrors } from '@backstage/plugin-kubernetes-common';
import {
  generateClusterState,
  imageTags,
  startKubeStandin,
  type ClusterState,
  type Environment,
  type KubeStandin,
} from '@internal/kube-standin';
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import { onBehalfOfAuthFactory } from './__testUtils__/onBehalfOfAuthFactory';

const CHILD_ENV = 'LAUNCHPAD_K8S_TEST_BACKEND';

/**
 * The log attacks: victims owned by another team (user:default/owner-b) and
 * the components a developer (user:default/mock) registers to reach their
 * pods. `name` is `namespace/name` outside the default namespace.
 */
const VICTIM = 'user:default/owner-b';
const ATTACKER = 'user:default/mock';
const SELECTORS_OF_VICTIM_PODS = [
  'backstage.io/kubernetes-id=svc-04',
  'app=svc-04',
  'backstage.io/kubernetes-id in (svc-04)',
  'app.kubernetes.io/name=svc-04,launchpad.io/environment',
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-id!=orders-service',
];
const ATTACK_COMPONENTS: Array<{
  name: string;
  kubernetesId: string;
  owner: string;
  annotations?: Record<string, string>;
}> = [
  // A second claim on a kubernetes-id: a conflict, logs closed for everyone
  { name: 'victim-same-id', kubernetesId: 'svc-00', owner: VICTIM },
  { name: 'evil-same-id', kubernetesId: 'svc-00', owner: ATTACKER },
  { name: 'victim-kube-ns', kubernetesId: 'svc-01', owner: VICTIM },
  {
    name: 'evil-kube-ns',
    kubernetesId: 'svc-01',
    owner: ATTACKER,
    annotations: { 'backstage.io/kubernetes-namespace': 'svc-01' },
  },
  { name: 'victim-catalog-ns', kubernetesId: 'svc-02', owner: VICTIM },
  { name: 'evil/victim-catalog-ns', kubernetesId: 'svc-02', owner: ATTACKER },
  { name: 'victim-mixed-case', kubernetesId: 'svc-03', owner: VICTIM },
  { name: 'evil-mixed-case', kubernetesId: 'SVC-03', owner: ATTACKER },
  // Label selectors that pick the victim's pods: no conflict, the pods'
  // kubernetes-id names their owner and the attacker is not it
  { name: 'victim-selected', kubernetesId: 'svc-04', owner: VICTIM },
  ...SELECTORS_OF_VICTIM_PODS.map((selector, i) => ({
    name: `evil-selector-${i}`,
    kubernetesId: '',
    owner: ATTACKER,
    annotations: {
      'backstage.io/kubernetes-label-selector': selector,
      // A selector that picks every workload, narrowed to the victim's
      // namespace (1,500 pods a cluster would not answer in time here)
      ...(selector.includes('svc-04')
        ? {}
        : { 'backstage.io/kubernetes-namespace': 'svc-04' }),
    },
  })),
  { name: 'victim-spaced', kubernetesId: 'svc-07', owner: VICTIM },
  { name: 'evil-spaced', kubernetesId: ' svc-07', owner: ATTACKER },
  // Pods nobody claims: without the label (svc-05), or with an id no entity has (svc-06)
  {
    name: 'evil-unlabelled',
    kubernetesId: '',
    owner: ATTACKER,
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=svc-05' },
  },
  {
    name: 'evil-unclaimed',
    kubernetesId: '',
    owner: ATTACKER,
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=svc-06' },
  },
];
type BackendConfig = NonNullable<
  NonNullable<Parameters<typeof mockServices.rootConfig.factory>[0]>['data']
>;

/** The child process: the test backend, configured by the parent through CHILD_ENV. */
async function serveTestBackend(config: BackendConfig) {
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({ data: config }),
      mockServices.rootLogger.factory({ level: 'warn' }),
      // The real permission framework with the portal's policy (not the
      // test backend's allow-all mock), so the logs permission is exercised.
      permissionsServiceFactory,
      permissionsRegistryServiceFactory,
      onBehalfOfAuthFactory,
      permissionPlugin,
      launchpadPolicy,
      catalogPlugin,
      kubernetesPlugin,
      clusterTimeout,
      kubernetesGuard,
      kubernetesEnvironmentsPlugin,
      scorecardsPlugin,
      scorecardsKubernetesFacts,
    ],
  });
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await backend
      .stop()
      .catch(e => console.error(`stopping the test backend failed: ${e}`));
    process.exit(0);
  };
  process.on('disconnect', shutdown);
  process.on('message', (m: any) => m?.type === 'stop' && shutdown());
  process.send!({ type: 'listening', port: backend.server.port() });
}

if (process.env[CHILD_ENV]) {
  serveTestBackend(JSON.parse(process.env[CHILD_ENV]!)).catch(e => {
    console.error(e);
    process.exit(1);
  });
} else {
  defineTests();
}

interface BackendProcess {
  url: string;
  stop(): Promise<void>;
}

/** Starts the test backend in a real Node process (see the top of this file). */
async function startBackendProcess(
  config: BackendConfig,
): Promise<BackendProcess> {
  const child: ChildProcess = fork(__filename, [], {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: { ...process.env, [CHILD_ENV]: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the backend process did not start within 120 s; its output:\n${output}`,
          ),
        ),
      120_000,
    );
    child.on('message', (m: any) => {
      if (m?.type === 'listening') {
        clearTimeout(timer);
        resolve(m.port);
      }
    });
    child.once('exit', code => {
      clearTimeout(timer);
      reject(
        new Error(
          `the backend process exited with ${code} before listening; its output:\n${output}`,
        ),
      );
    });
  });
  return {
    url: `http://localhost:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** One cluster's part of POST /api/kubernetes/services/:serviceId */
interface ClusterObjects {
  cluster: { name: string; title?: string };
  resources: Array<{ type: string; resources: any[] }>;
  podMetrics: any[];
  errors: Array<{
    errorType: string;
    statusCode?: number;
    resourcePath?: string;
    message?: string;
  }>;
}

function defineTests() {
  jest.setTimeout(180_000);

  describe('the Kubernetes backend against three stand-in clusters (dev, stage, prod)', () => {
    const ENVS: Environment[] = ['dev', 'stage', 'prod'];
    // A developer who owns `inventory` (and not `orders`), and a platform admin.
    const DEVELOPER = 'user:default/mock';
    const auth = mockCredentials.user.header();
    const admin = mockCredentials.user.header('user:default/platform-admin');
    // Another team's developer, owner of the victims of the log attacks below.
    const victimOwner = mockCredentials.user.header(VICTIM);
    // 50 services x 10 pods: 500 pods per cluster
    const fillers = Array.from(
      { length: 48 },
      (_, i) => `svc-${String(i).padStart(2, '0')}`,
    );
    const tokens: Record<Environment, string> = {
      dev: 'dev-sa-token',
      stage: 'stage-sa-token',
      prod: 'prod-sa-token',
    };
    const states = {} as Record<Environment, ClusterState>;
    const clusters = {} as Record<Environment, KubeStandin>;
    let backend: BackendProcess | undefined;
    let catalogDir: string | undefined;

    async function startCluster(env: Environment, port?: number) {
      clusters[env] = await startKubeStandin({
        state: states[env],
        token: tokens[env],
        name: env,
        port,
      });
    }

    beforeAll(async () => {
      // Fails every test with a clear message when Postgres is not there.
      const database = testDatabaseConfig();

      for (const env of ENVS) {
        states[env] = generateClusterState({
          env,
          services: ['orders-service', 'inventory-service', ...fillers],
          podsPerService: 10,
          // A bad release candidate: inventory crash-loops in stage only.
          crashLooping: env === 'stage' ? ['inventory-service'] : [],
          seed: 'kubernetes-test',
        });
        // svc-05 runs without the backstage.io/kubernetes-id label: only a
        // label selector finds it, and nobody can say whose it is.
        for (const list of Object.values(states[env].resources)) {
          for (const o of list as Array<{
            metadata?: { labels?: Record<string, string> };
          }>) {
            if (o.metadata?.labels?.app === 'svc-05') {
              delete o.metadata.labels['backstage.io/kubernetes-id'];
            }
          }
        }
        await startCluster(env);
      }

      catalogDir = fs.mkdtempSync(
        path.join(os.tmpdir(), 'launchpad-k8s-test-'),
      );
      const component = (
        name: string,
        kubernetesId: string,
        owner = 'group:default/platform',
        annotations: Record<string, string> = {},
      ) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  ${
    name.includes('/')
      ? `namespace: ${name.split('/')[0]}\n  name: ${name.split('/')[1]}`
      : `name: ${name}`
  }
  annotations:
${Object.entries(
  kubernetesId === ''
    ? annotations
    : { 'backstage.io/kubernetes-id': kubernetesId, ...annotations },
)
  .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
  .join('\n')}
spec:
  type: service
  lifecycle: production
  owner: ${owner}
`;
      // A scorecard over the Kubernetes facts
      fs.mkdirSync(path.join(catalogDir, 'scorecards'));
      fs.writeFileSync(
        path.join(catalogDir, 'scorecards', 'runtime.yaml'),
        `id: runtime
title: Runtime
appliesTo: { kind: Component }
checks:
  - { id: prod-replicas, title: Two replicas in prod, level: bronze, fact: k8s.prodReplicas, operator: gte, value: 2 }
  - { id: probes, title: Probes set, level: bronze, fact: k8s.probesConfigured, operator: equals, value: true }
  - { id: in-prod, title: Runs in prod, level: silver, fact: k8s.environments, operator: includes, value: prod }
`,
      );
      fs.writeFileSync(
        path.join(catalogDir, 'components.yaml'),
        [
          component('orders', 'orders-service'),
          component('inventory', 'inventory-service', DEVELOPER),
          component('ledger', 'ledger-service'),
          // Victims (another team's services) and the components a developer
          // registers to read their logs; see "logs belong to the owner of
          // the workload" below.
          ...ATTACK_COMPONENTS.map(c =>
            component(c.name, c.kubernetesId, c.owner, c.annotations),
          ),
        ].join('---\n'),
      );

      backend = await startBackendProcess({
        backend: { database, reading: { allow: [] } },
        permission: { enabled: true },
        scorecards: { definitionsDir: path.join(catalogDir, 'scorecards') },
        launchpad: {
          kubernetes: { clusterTimeout: { seconds: 2 } },
          environments: ENVS.map(name => ({ name })),
          permissions: { admins: ['user:default/platform-admin'] },
        },
        catalog: {
          rules: [{ allow: ['Component', 'Location'] }],
          locations: [
            { type: 'file', target: path.join(catalogDir, 'components.yaml') },
          ],
        },
        kubernetes: {
          serviceLocatorMethod: { type: 'multiTenant' },
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: ENVS.map(env => ({
                name: env,
                environment: env,
                url: clusters[env].url,
                authProvider: 'serviceAccount',
                serviceAccountToken: tokens[env],
                skipTLSVerify: true,
              })),
            },
          ],
          customResources: [
            {
              group: 'argoproj.io',
              apiVersion: 'v1alpha1',
              plural: 'applications',
            },
          ],
        },
      });

      for (const name of [
        'orders',
        'inventory',
        'ledger',
        ...ATTACK_COMPONENTS.map(c => c.name),
      ]) {
        await waitFor(
          async () => ((await catalogEntity(name)) ? true : undefined),
          {
            timeoutMs: 90_000,
            describe: () =>
              `component:default/${name} never reached the catalog`,
          },
        );
      }
    });

    afterAll(async () => {
      await backend?.stop();
      await Promise.all(Object.values(clusters).map(c => c.stop()));
      if (catalogDir) fs.rmSync(catalogDir, { recursive: true, force: true });
    });

    async function catalogEntity(name: string) {
      const [namespace, entityName] = name.includes('/')
        ? name.split('/')
        : ['default', name];
      const res = await request(backend!.url)
        .get(
          `/api/catalog/entities/by-name/component/${namespace}/${entityName}`,
        )
        .set('Authorization', auth);
      return res.status === 200 ? res.body : undefined;
    }

    /** What the Kubernetes tab asks the backend for: POST /services/:serviceId with the entity. */
    async function objectsFor(
      name: string,
    ): Promise<{ items: ClusterObjects[] }> {
      const entity = await catalogEntity(name);
      const res = await request(backend!.url)
        .post(`/api/kubernetes/services/${name}`)
        .set('Authorization', auth)
        .send({ entity });
      expect({
        status: res.status,
        body: res.status === 200 ? 'ok' : res.body,
      }).toEqual({ status: 200, body: 'ok' });
      return res.body;
    }

    const cluster = (body: { items: ClusterObjects[] }, env: Environment) =>
      body.items.find(i => i.cluster.name === env)!;
    const ofType = (item: ClusterObjects, type: string) =>
      item.resources.find(r => r.type === type)?.resources ?? [];

    it('finds a healthy service in all three clusters, with its pods, deployment and Argo CD status', async () => {
      const body = await objectsFor('orders');
      expect(body.items.map(i => i.cluster.name).sort()).toEqual([
        'dev',
        'prod',
        'stage',
      ]);
      const problems = detectErrors(body as any);
      for (const env of ENVS) {
        const item = cluster(body, env);
        expect([env, item.errors]).toEqual([env, []]);
        const pods = ofType(item, 'pods');
        expect(pods).toHaveLength(10);
        for (const pod of pods) {
          expect(pod.metadata.labels['backstage.io/kubernetes-id']).toBe(
            'orders-service',
          );
          expect(pod.status.phase).toBe('Running');
          expect(pod.status.containerStatuses[0]).toMatchObject({
            ready: true,
            restartCount: 0,
          });
        }
        const [deployment] = ofType(item, 'deployments');
        expect(ofType(item, 'deployments')).toHaveLength(1);
        expect(deployment.status).toMatchObject({
          replicas: 10,
          readyReplicas: 10,
        });
        expect(deployment.spec.template.spec.containers[0].image).toBe(
          `launchpad/orders-service:${
            imageTags('kubernetes-test', 'orders-service')[env].current
          }`,
        );
        expect(ofType(item, 'replicasets')).toHaveLength(2);
        expect(ofType(item, 'services')).toHaveLength(1);
        expect(ofType(item, 'ingresses')).toHaveLength(1);
        expect(ofType(item, 'horizontalpodautoscalers')).toHaveLength(1);
        expect(item.podMetrics).toHaveLength(10);
        const [application] = ofType(item, 'customresources');
        expect(application).toMatchObject({
          kind: 'Application',
          status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } },
        });
        expect(problems.get(env)).toEqual([]);
        // Backstage asked the cluster for the component's label only, not for all 500 pods
        expect(
          clusters[env].requests
            .filter(r => r.path === '/api/v1/pods')
            .map(r => r.query.labelSelector),
        ).toContain('backstage.io/kubernetes-id=orders-service');
      }
    });

    it('shows a crash-looping service with CrashLoopBackOff and restarts where it crash-loops', async () => {
      const body = await objectsFor('inventory');
      const stage = cluster(body, 'stage');
      expect(stage.errors).toEqual([]);
      const pods = ofType(stage, 'pods');
      expect(pods).toHaveLength(10);
      for (const pod of pods) {
        const app = pod.status.containerStatuses.find(
          (c: any) => c.name === 'app',
        );
        expect(app.state.waiting.reason).toBe('CrashLoopBackOff');
        expect(app.restartCount).toBeGreaterThan(0);
      }
      expect(ofType(stage, 'deployments')[0].status).toMatchObject({
        replicas: 10,
        unavailableReplicas: 10,
      });
      expect(ofType(stage, 'customresources')[0].status.health.status).toBe(
        'Degraded',
      );

      // Backstage's own error detection calls it out, per pod
      const problems = detectErrors(body as any);
      const stageProblems = problems.get('stage')!;
      expect(
        stageProblems.filter(
          p => p.proposedFix?.errorType === 'CrashLoopBackOff',
        ),
      ).toHaveLength(10);
      expect(
        stageProblems.filter(p => p.type === 'containers-restarting'),
      ).toHaveLength(10);
      // ...and only where it happens: dev and prod run the service fine
      expect(problems.get('dev')).toEqual([]);
      expect(problems.get('prod')).toEqual([]);
    });

    it('returns nothing for a component that runs in no cluster', async () => {
      expect((await objectsFor('ledger')).items).toEqual([]);
    });

    it('reports a stopped cluster as an error for that cluster while the others answer', async () => {
      const port = Number(new URL(clusters.dev.url).port);
      await clusters.dev.stop();
      try {
        const body = await objectsFor('orders');
        const dev = cluster(body, 'dev');
        expect(dev.resources).toEqual([]);
        expect(dev.errors).toEqual([
          {
            errorType: 'FETCH_ERROR',
            message: expect.stringContaining('ECONNREFUSED'),
          },
        ]);
        for (const env of ['stage', 'prod'] as const) {
          expect(cluster(body, env).errors).toEqual([]);
          expect(ofType(cluster(body, env), 'pods')).toHaveLength(10);
        }
      } finally {
        await startCluster('dev', port);
      }
    });

    it('reports a cluster that drops connections as an error for that cluster while the others answer', async () => {
      clusters.prod.setDown(true);
      try {
        const body = await objectsFor('orders');
        const prod = cluster(body, 'prod');
        expect(prod.resources).toEqual([]);
        expect(prod.errors).toEqual([
          {
            errorType: 'FETCH_ERROR',
            message: expect.stringMatching(/socket hang up|ECONNRESET/),
          },
        ]);
        expect(ofType(cluster(body, 'dev'), 'pods')).toHaveLength(10);
        expect(ofType(cluster(body, 'stage'), 'pods')).toHaveLength(10);
      } finally {
        clusters.prod.setDown(false);
      }
    });

    it('reports a wrong token as 401 errors for that cluster while the others answer', async () => {
      clusters.stage.setToken('rotated-token'); // the token Backstage holds is now wrong
      try {
        const body = await objectsFor('orders');
        const stage = cluster(body, 'stage');
        expect(stage.resources).toEqual([]);
        expect(stage.errors.length).toBeGreaterThan(0);
        for (const error of stage.errors)
          expect(error).toMatchObject({
            errorType: 'UNAUTHORIZED_ERROR',
            statusCode: 401,
          });
        expect(stage.errors.map(e => e.resourcePath)).toEqual(
          expect.arrayContaining(['/api/v1/pods', '/apis/apps/v1/deployments']),
        );
        expect(ofType(cluster(body, 'dev'), 'pods')).toHaveLength(10);
        expect(ofType(cluster(body, 'prod'), 'pods')).toHaveLength(10);
      } finally {
        clusters.stage.setToken(tokens.stage);
      }
    });

    it('answers without a cluster slower than the per-cluster timeout, naming it, while the others show', async () => {
      // The backend here runs with launchpad.kubernetes.clusterTimeout of 2 s
      // (our cluster-timeout module); upstream alone would wait for prod.
      clusters.prod.setLatency(4_000);
      try {
        const body = await objectsFor('orders');
        expect(cluster(body, 'prod').errors).toEqual([
          expect.objectContaining({
            errorType: 'FETCH_ERROR',
            message: 'Cluster prod did not answer within 2 s',
          }),
        ]);
        expect(ofType(cluster(body, 'dev'), 'pods')).toHaveLength(10);
        expect(ofType(cluster(body, 'stage'), 'pods')).toHaveLength(10);
      } finally {
        clusters.prod.setLatency(0);
      }
    });

    it("serves a crashed container's log through the backend's proxy to a platform admin, with the cluster's token kept on the backend", async () => {
      const pod = states.stage.resources.pods.find(
        p => p.metadata.labels!.app === 'inventory-service',
      )!;
      const res = await request(backend!.url)
        .get(
          `/api/kubernetes/proxy/api/v1/namespaces/inventory-service/pods/${pod.metadata.name}/log?container=app&previous=&tailLines=3`,
        )
        .set('Authorization', admin)
        .set('Backstage-Kubernetes-Cluster', 'stage');
      expect(res.status).toBe(200);
      expect(res.text.trimEnd().split('\n')).toHaveLength(3);
      expect(res.text).toContain('panic: database unavailable');
      // The browser sent only its Backstage token; the backend added the cluster's.
      expect(clusters.stage.requests.at(-1)).toMatchObject({
        path: `/api/v1/namespaces/inventory-service/pods/${pod.metadata.name}/log`,
        status: 200,
      });
    });

    describe("Kubernetes per environment (the portal's Kubernetes tab)", () => {
      const base = '/api/kubernetes-environments';

      async function view(name: string): Promise<EnvironmentsResponse> {
        const res = await request(backend!.url)
          .get(`${base}/entities/component/default/${name}`)
          .set('Authorization', auth);
        expect({
          status: res.status,
          body: res.status === 200 ? 'ok' : res.body,
        }).toEqual({
          status: 200,
          body: 'ok',
        });
        return res.body;
      }

      const logsUrl = (name: string, query: Record<string, string>) =>
        `${base}/entities/component/default/${name}/logs?${new URLSearchParams(
          query,
        )}`;
      const podOf = (env: Environment, service: string) =>
        states[env].resources.pods.find(
          p => p.metadata.labels!.app === service,
        )!;

      it('lists the clusters with their environment and nothing secret', async () => {
        const res = await request(backend!.url)
          .get(`${base}/clusters`)
          .set('Authorization', auth);
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual(
          ENVS.map(env => ({ name: env, environment: env })),
        );
        expect(JSON.stringify(res.body)).not.toContain('sa-token');
      });

      it('compares a crash-looping release side by side and calls it out where it happens', async () => {
        const body = await view('inventory');
        expect(body.environments.map(e => e.environment)).toEqual(ENVS);
        const tags = imageTags('kubernetes-test', 'inventory-service');
        expect(
          body.comparison.map(r => [r.environment, r.status, r.imageTags]),
        ).toEqual([
          ['dev', 'ok', [tags.dev.current]],
          ['stage', 'problems', [tags.stage.current]],
          ['prod', 'ok', [tags.prod.current]],
        ]);
        const [dev, stage, prod] = body.comparison;
        expect(dev.replicas).toEqual({ ready: 10, desired: 10 });
        expect(prod.argo).toEqual({
          syncStatus: 'Synced',
          healthStatus: 'Healthy',
        });
        expect(stage).toMatchObject({
          replicas: { ready: 0, desired: 10 },
          argo: { syncStatus: 'Synced', healthStatus: 'Degraded' },
          worstProblem: '10 of 10 pods CrashLoopBackOff',
        });
        expect(stage.restarts).toBeGreaterThan(0);
        const stageCluster = body.environments[1].clusters[0];
        expect(new Set(stageCluster.pods.map(p => p.status))).toEqual(
          new Set(['CrashLoopBackOff']),
        );
        // Warning events read from the cluster with @kubernetes/client-node
        expect(stageCluster.warningEvents.map(e => e.reason)).toContain(
          'BackOff',
        );
        expect(body.environments[0].clusters[0].warningEvents).toEqual([]);
      });

      it('keeps dev and stage when prod does not answer within the timeout, and says so', async () => {
        clusters.prod.setLatency(4_000);
        try {
          const body = await view('orders');
          expect(body.comparison.map(r => r.status)).toEqual([
            'ok',
            'ok',
            'unreachable',
          ]);
          expect(body.environments[2].clusters[0].errors).toContain(
            'Cluster prod did not answer within 2 s',
          );
        } finally {
          clusters.prod.setLatency(0);
        }
      });

      it('says which cluster refused the token', async () => {
        clusters.stage.setToken('rotated-token');
        try {
          const body = await view('orders');
          expect(body.comparison.map(r => r.status)).toEqual([
            'ok',
            'unreachable',
            'ok',
          ]);
          expect(body.environments[1].clusters[0].errors[0]).toMatch(
            /refused the portal's credentials \(401\)/,
          );
        } finally {
          clusters.stage.setToken(tokens.stage);
        }
      });

      it("gives the owner a crashed container's previous log", async () => {
        const pod = podOf('stage', 'inventory-service');
        const res = await request(backend!.url)
          .get(
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'inventory-service',
              pod: pod.metadata.name,
              previous: 'true',
              tailLines: '3',
            }),
          )
          .set('Authorization', auth);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          cluster: 'stage',
          container: 'app',
          previous: true,
          tailLines: 3,
        });
        expect(res.body.text.trimEnd().split('\n')).toHaveLength(3);
        expect(res.body.text).toContain('panic: database unavailable');
      });

      it('refuses logs to someone who does not own the component, and lets a platform admin read them', async () => {
        const pod = podOf('prod', 'orders-service');
        const url = logsUrl('orders', {
          cluster: 'prod',
          namespace: 'orders-service',
          pod: pod.metadata.name,
        });
        const denied = await request(backend!.url)
          .get(url)
          .set('Authorization', auth);
        expect(denied.status).toBe(403);
        expect(denied.body.error.message).toBe(
          `Only the owners of component:default/orders (group:default/platform) and platform admins can read the logs of its pods: pod orders-service/${pod.metadata.name} carries its kubernetes-id orders-service. Ask group:default/platform for access`,
        );
        const allowed = await request(backend!.url)
          .get(url)
          .set('Authorization', admin);
        expect(allowed.status).toBe(200);
        expect(allowed.body.text.length).toBeGreaterThan(0);
        // ...and the raw proxy, which would reach any pod, is for admins only
        const proxied = await request(backend!.url)
          .get(
            `/api/kubernetes/proxy/api/v1/namespaces/orders-service/pods/${pod.metadata.name}/log`,
          )
          .set('Authorization', auth)
          .set('Backstage-Kubernetes-Cluster', 'prod');
        expect(proxied.status).toBe(403);
      });

      it("does not serve another component's pod, however it is named", async () => {
        const other = podOf('stage', 'orders-service');
        const res = await request(backend!.url)
          .get(
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'orders-service',
              pod: other.metadata.name,
            }),
          )
          .set('Authorization', auth);
        expect(res.status).toBe(404);
        expect(res.body.error.message).toBe(
          `component:default/inventory has no pod orders-service/${other.metadata.name} in cluster stage`,
        );
      });

      it('answers bad input with 400 or 404 naming the problem', async () => {
        const pod = podOf('stage', 'inventory-service').metadata.name;
        const cases: Array<[string, number, RegExp]> = [
          [
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'Bad_NS',
              pod,
            }),
            400,
            /namespace must be a Kubernetes name/,
          ],
          [
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'inventory-service',
              pod,
              tailLines: '-1',
            }),
            400,
            /tailLines must be a whole number from 1 to 5000/,
          ],
          [
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'inventory-service',
              pod,
              tailLines: 'abc',
            }),
            400,
            /tailLines must be a whole number from 1 to 5000/,
          ],
          [
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'inventory-service',
              pod,
              previous: 'maybe',
            }),
            400,
            /previous must be true or false/,
          ],
          [
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'inventory-service',
              pod,
              follow: 'true',
            }),
            400,
            /follow/,
          ],
          [
            logsUrl('inventory', {
              cluster: 'stage',
              namespace: 'inventory-service',
              pod,
              container: 'nope',
            }),
            400,
            /has no container nope/,
          ],
          [
            logsUrl('inventory', {
              cluster: 'moon',
              namespace: 'inventory-service',
              pod,
            }),
            404,
            /No cluster named moon/,
          ],
          [
            logsUrl('inventory', { namespace: 'inventory-service', pod }),
            400,
            /cluster/,
          ],
          [
            `${base}/entities/component/default/nobody`,
            404,
            /No entity component:default\/nobody/,
          ],
          [
            `${base}/entities/component/default/bad name`,
            400,
            /name must be an entity name/,
          ],
        ];
        for (const [url, status, message] of cases) {
          const res = await request(backend!.url)
            .get(url)
            .set('Authorization', auth);
          expect([url, res.status, res.body?.error?.message]).toEqual([
            url,
            status,
            expect.stringMatching(message),
          ]);
        }
      });

      describe('logs belong to the owner of the workload, not to the entity in the URL', () => {
        const podIn = (service: string) =>
          states.dev.resources.pods.find(
            p => p.metadata.labels!.app === service,
          )!;
        const refOf = (name: string) =>
          name.includes('/')
            ? `component:${name.replace('/', '/')}`
            : `component:default/${name}`;
        const pathOf = (name: string) =>
          name.includes('/')
            ? `component/${name}`
            : `component/default/${name}`;

        async function logsOf(entity: string, service: string, who: string) {
          const pod = podIn(service);
          const query = new URLSearchParams({
            cluster: 'dev',
            namespace: pod.metadata.namespace!,
            pod: pod.metadata.name,
            tailLines: '2',
          });
          const res = await request(backend!.url)
            .get(`${base}/entities/${pathOf(entity)}/logs?${query}`)
            .set('Authorization', who);
          return {
            status: res.status,
            message: res.body?.error?.message,
            text: res.body?.text,
          };
        }

        async function viewAs(
          entity: string,
          who = auth,
        ): Promise<EnvironmentsResponse> {
          const res = await request(backend!.url)
            .get(`${base}/entities/${pathOf(entity)}`)
            .set('Authorization', who);
          expect([entity, res.status]).toEqual([entity, 200]);
          return res.body;
        }

        it('closes the logs for everyone while a second entity claims the kubernetes-id, and reports the conflict', async () => {
          const cases: Array<{
            victim: string;
            evil: string;
            service: string;
            evilSeesPods: boolean;
          }> = [
            {
              victim: 'victim-same-id',
              evil: 'evil-same-id',
              service: 'svc-00',
              evilSeesPods: true,
            },
            {
              victim: 'victim-kube-ns',
              evil: 'evil-kube-ns',
              service: 'svc-01',
              evilSeesPods: true,
            },
            {
              victim: 'victim-catalog-ns',
              evil: 'evil/victim-catalog-ns',
              service: 'svc-02',
              evilSeesPods: true,
            },
            // `SVC-03` selects no pod (labels are case-sensitive) but is still a claim
            {
              victim: 'victim-mixed-case',
              evil: 'evil-mixed-case',
              service: 'svc-03',
              evilSeesPods: false,
            },
          ];
          for (const { victim, evil, service, evilSeesPods } of cases) {
            const entityRefs = [refOf(victim), refOf(evil)].sort();
            const message = `kubernetes-id ${service} is claimed by ${entityRefs[0]} and ${entityRefs[1]}; logs stay closed until one of them drops it — ask the platform team`;
            for (const [who, header] of [
              ['attacker', auth],
              ['owner', victimOwner],
              ['admin', admin],
            ]) {
              expect([
                victim,
                who,
                await logsOf(victim, service, header),
              ]).toEqual([
                victim,
                who,
                { status: 409, message, text: undefined },
              ]);
              const viaEvil = await logsOf(evil, service, header);
              expect([evil, who, viaEvil.status, viaEvil.text]).toEqual([
                evil,
                who,
                evilSeesPods ? 409 : 404,
                undefined,
              ]);
            }
            // ...and the tab says so, on both entities
            const shown = (await viewAs(victim)).claimConflict;
            expect([victim, shown]).toEqual([
              victim,
              { kubernetesId: service, entityRefs, message },
            ]);
            expect((await viewAs(evil)).claimConflict?.entityRefs).toEqual(
              entityRefs,
            );
          }
        });

        it.each(
          SELECTORS_OF_VICTIM_PODS.map((selector, i) => [
            selector,
            `evil-selector-${i}`,
          ]),
        )(
          "does not open another team's logs to a label selector that picks their pods (%s)",
          async (_selector, evil) => {
            const pod = podIn('svc-04');
            // The selector really picks the victim's pod: the attacker's tab lists it
            const evilView = await viewAs(evil);
            expect(
              evilView.environments[0].clusters[0].pods.map(p => p.name),
            ).toContain(pod.metadata.name);
            expect(evilView.claimConflict).toBeUndefined();

            expect(await logsOf(evil, 'svc-04', auth)).toEqual({
              status: 403,
              message: `Only the owners of component:default/victim-selected (${VICTIM}) and platform admins can read the logs of its pods: pod svc-04/${pod.metadata.name} carries its kubernetes-id svc-04. Ask ${VICTIM} for access`,
              text: undefined,
            });
            // The workload's owner and the platform admins still read them, whichever entity they ask through
            for (const [entity, header] of [
              ['victim-selected', victimOwner],
              [evil, victimOwner],
              [evil, admin],
            ]) {
              const res = await logsOf(entity, 'svc-04', header);
              expect([entity, res.status]).toEqual([entity, 200]);
              expect(res.text.length).toBeGreaterThan(0);
            }
          },
        );

        it('refuses a kubernetes-id padded with a space', async () => {
          const res = await logsOf('evil-spaced', 'svc-07', auth);
          expect([403, 404, 409]).toContain(res.status);
          expect(res.text).toBeUndefined();
          const owner = await logsOf('victim-spaced', 'svc-07', victimOwner);
          // Either the padded claim is ignored (the owner reads) or it counts as a second claim (closed, and reported)
          expect([200, 409]).toContain(owner.status);
        });

        it('keeps the logs of pods nobody claims for platform admins, saying why', async () => {
          const unlabelled = podIn('svc-05');
          expect(
            unlabelled.metadata.labels!['backstage.io/kubernetes-id'],
          ).toBeUndefined();
          expect(await logsOf('evil-unlabelled', 'svc-05', auth)).toEqual({
            status: 403,
            message: `Pod svc-05/${unlabelled.metadata.name} carries no backstage.io/kubernetes-id label, so no catalog entity owns it and nobody can say whose logs these are; only platform admins may read them. Ask the platform team, or label the workload with its component's kubernetes-id`,
            text: undefined,
          });
          const unclaimed = podIn('svc-06');
          expect(await logsOf('evil-unclaimed', 'svc-06', auth)).toEqual({
            status: 403,
            message: `No catalog entity claims kubernetes-id svc-06 (the label of pod svc-06/${unclaimed.metadata.name}), so nobody can say whose logs these are; only platform admins may read them. Ask the platform team`,
            text: undefined,
          });
          for (const [entity, service] of [
            ['evil-unlabelled', 'svc-05'],
            ['evil-unclaimed', 'svc-06'],
          ]) {
            const res = await logsOf(entity, service, admin);
            expect([entity, res.status]).toEqual([entity, 200]);
          }
        });
      });
    });

    describe('the custom-resource query, behind the launchpad-guard module', () => {
      const ARGO = {
        group: 'argoproj.io',
        apiVersion: 'v1alpha1',
        plural: 'applications',
      };
      const customQuery = (body: unknown, who = auth) =>
        request(backend!.url)
          .post('/api/kubernetes/resources/custom/query')
          .set('Authorization', who)
          .send(body as object);
      const requestsOf = () =>
        ENVS.flatMap(env => clusters[env].requests.map(r => r.path));

      it('serves the allowed Argo CD applications of an entity', async () => {
        const res = await customQuery({
          entityRef: 'component:default/orders',
          customResources: [ARGO],
        });
        expect(res.status).toBe(200);
        expect(
          res.body.items.map((i: ClusterObjects) => i.cluster.name).sort(),
        ).toEqual(['dev', 'prod', 'stage']);
        for (const item of res.body.items as ClusterObjects[]) {
          expect(item.resources[0].resources[0]).toMatchObject({
            kind: 'Application',
          });
        }
      });

      it('refuses Secrets, ConfigMaps, tokens, RBAC and unlisted types, for admins too, without asking a cluster', async () => {
        const refused = [
          { group: '', apiVersion: 'v1', plural: 'secrets' },
          { group: 'core', apiVersion: 'v1', plural: 'secrets' },
          { group: '', apiVersion: 'v1', plural: 'Secrets' },
          { group: '', apiVersion: 'v1', plural: 'secrets ' },
          { group: '', apiVersion: 'v1', plural: '%73ecrets' },
          { group: '', apiVersion: 'v1', plural: 'configmaps' },
          { group: '', apiVersion: 'v1', plural: 'serviceaccounts/token' },
          {
            group: 'rbac.authorization.k8s.io',
            apiVersion: 'v1',
            plural: 'rolebindings',
          },
          { group: 'apps', apiVersion: 'v1', plural: 'deployments' },
          {
            group: 'external-secrets.io',
            apiVersion: 'v1beta1',
            plural: 'externalsecrets',
          },
        ];
        const before = requestsOf().length;
        for (const type of refused) {
          for (const who of [auth, admin]) {
            const res = await customQuery(
              {
                entityRef: 'component:default/orders',
                customResources: [ARGO, type],
              },
              who,
            );
            expect([type, res.status, res.body.error?.name]).toEqual([
              type,
              403,
              'NotAllowedError',
            ]);
            expect(res.body.error.message).toMatch(
              /never served|not on the portal's allow-list \(argoproj\.io\/v1alpha1 applications\)/,
            );
          }
        }
        expect(requestsOf().slice(before)).toEqual([]);
      });

      it('answers bad requests to the Kubernetes backend with a 4xx that carries no stack and no server path', async () => {
        const cases: Array<[string, string | object, number]> = [
          ['/api/kubernetes/resources/custom/query', '{"entityRef": ', 400],
          [
            '/api/kubernetes/resources/custom/query',
            { customResources: [ARGO] },
            400,
          ],
          [
            '/api/kubernetes/resources/custom/query',
            { entityRef: 'component:', customResources: [ARGO] },
            400,
          ],
          [
            '/api/kubernetes/resources/custom/query',
            { entityRef: 'component:default/nobody', customResources: [ARGO] },
            400,
          ],
          [
            '/api/kubernetes/resources/custom/query',
            {
              entityRef: 'component:default/orders',
              customResources: 'secrets',
            },
            400,
          ],
          ['/api/kubernetes/resources/workloads/query', { entityRef: 42 }, 400],
          ['/api/kubernetes/services/orders', {}, 400],
          [
            '/api/kubernetes/services/orders',
            { entity: { kind: 'Component', metadata: { name: 'nobody' } } },
            403,
          ],
        ];
        for (const [url, body, status] of cases) {
          const req = request(backend!.url)
            .post(url)
            .set('Authorization', auth);
          const res =
            typeof body === 'string'
              ? await req.set('Content-Type', 'application/json').send(body)
              : await req.send(body);
          expect([url, body, res.status]).toEqual([url, body, status]);
          expect(res.body.error?.stack).toBeUndefined();
          expect(JSON.stringify(res.body)).not.toMatch(
            /node_modules|\/work\/|\/tmp\/|\.[cm]?[jt]s:\d+|\n\s+at /,
          );
        }
      });

      it("leaves ConfigMaps out of an entity's objects", async () => {
        const body = await objectsFor('orders');
        for (const item of body.items) {
          expect(item.resources.map(r => r.type)).not.toContain('configmaps');
          expect(ofType(item, 'pods').length).toBe(10);
        }
      });
    });

    describe("the scorecards' Kubernetes facts (k8s.*) from the same clusters", () => {
      async function checks(name: string) {
        const evaluated = await request(backend!.url)
          .post('/api/scorecards/evaluate')
          .set('Authorization', admin)
          .send({ entityRefs: [`component:default/${name}`] });
        expect(evaluated.status).toBe(200);
        const res = await request(backend!.url)
          .get(`/api/scorecards/entities/component/default/${name}`)
          .set('Authorization', auth);
        expect(res.status).toBe(200);
        const runtime = res.body.scorecards.find(
          (s: any) => s.scorecard.id === 'runtime',
        );
        return Object.fromEntries(
          runtime.checks.map((c: any) => [
            c.checkId,
            [c.status, c.actual ?? c.message],
          ]),
        );
      }

      it('passes a service with 10 replicas (HPA minimum) in prod and probes everywhere', async () => {
        expect(await checks('orders')).toEqual({
          'prod-replicas': ['passed', 10],
          probes: ['passed', true],
          'in-prod': ['passed', ['dev', 'stage', 'prod']],
        });
      });

      it('fails a service that runs nowhere', async () => {
        expect(await checks('ledger')).toEqual({
          'prod-replicas': [
            'failed',
            'expected a number, the fact has no value',
          ],
          probes: ['failed', undefined],
          'in-prod': ['failed', []],
        });
      });

      it('says unknown, not failed, for what a hung prod cluster would have told', async () => {
        clusters.prod.setLatency(4_000);
        try {
          const result = await checks('orders');
          expect(result['prod-replicas'][0]).toBe('unknown');
          expect(result['in-prod'][0]).toBe('unknown');
        } finally {
          clusters.prod.setLatency(0);
        }
      });
    });
  });
}
