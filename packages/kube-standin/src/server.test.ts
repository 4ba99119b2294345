/*
 * The stand-in API server, spoken to by the official Kubernetes client
 * (@kubernetes/client-node) and by plain HTTP where the exact wire format
 * matters. It stands in for a real cluster, which cannot run here.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  Metrics,
  NetworkingV1Api,
  VersionApi,
} from '@kubernetes/client-node';
import { generateClusterState, KUBERNETES_ID_LABEL } from './fixtures';
import { startKubeStandin, type KubeStandin } from './server';

const TOKEN = 'stand-in-token-prod';
const NOW = '2025-06-02T12:00:00Z';
const state = generateClusterState({
  env: 'prod',
  services: [
    'orders-service',
    'inventory-service',
    { name: 'storefront-web', namespace: 'web' },
    { name: 'checkout-web', namespace: 'web' },
  ],
  podsPerService: 3,
  crashLooping: ['inventory-service'],
  outOfSync: ['checkout-web'],
  sidecars: ['storefront-web'],
  now: NOW,
});

function client(url: string, token = TOKEN) {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'standin', server: url, skipTLSVerify: true }],
    users: [{ name: 'backstage', token }],
    contexts: [{ name: 'standin', cluster: 'standin', user: 'backstage' }],
    currentContext: 'standin',
  });
  return kc;
}

describe('the Kubernetes API server stand-in', () => {
  let server: KubeStandin;
  let kc: KubeConfig;
  /** `token: null` sends no Authorization header. */
  const get = (
    path: string,
    token: string | null = TOKEN,
    init: RequestInit = {},
  ) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        ...(token && { Authorization: `Bearer ${token}` }),
        ...init.headers,
      },
    });

  beforeAll(async () => {
    server = await startKubeStandin({ state, token: TOKEN });
    kc = client(server.url);
  });
  afterAll(() => server?.stop());

  describe('authentication', () => {
    it.each([
      ['a missing token', null],
      ['a wrong token', 'not-the-token'],
    ])(
      'answers %s with 401 and the Status object kube-apiserver sends',
      async (_, token) => {
        const res = await get('/api/v1/pods', token);
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(await res.json()).toEqual({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      },
    );

    it('fails the official client with a 401 too', async () => {
      const api = client(server.url, 'wrong').makeApiClient(CoreV1Api);
      await expect(api.listPodForAllNamespaces()).rejects.toMatchObject({
        code: 401,
      });
    });

    it('takes a new token when rotated, refusing the old one', async () => {
      const rotated = await startKubeStandin({ state, token: TOKEN });
      try {
        rotated.setToken('rotated');
        expect(
          (
            await fetch(`${rotated.url}/api/v1/pods`, {
              headers: { Authorization: `Bearer ${TOKEN}` },
            })
          ).status,
        ).toBe(401);
        expect(
          (
            await fetch(`${rotated.url}/api/v1/pods`, {
              headers: { Authorization: 'Bearer rotated' },
            })
          ).status,
        ).toBe(200);
      } finally {
        await rotated.stop();
      }
    });

    it('serves health checks without a token', async () => {
      const res = await get('/readyz', null);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('ok');
    });
  });

  describe('discovery', () => {
    it('reports a version and the API groups, resources and subresources served', async () => {
      const version = await kc.makeApiClient(VersionApi).getCode();
      expect(version).toMatchObject({ major: '1', minor: '31' });
      const core = await (await get('/api')).json();
      expect(core).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
      const groups = await (await get('/apis')).json();
      expect(
        groups.groups.map((g: any) => g.preferredVersion.groupVersion),
      ).toEqual(
        expect.arrayContaining([
          'apps/v1',
          'autoscaling/v2',
          'batch/v1',
          'networking.k8s.io/v1',
          'metrics.k8s.io/v1beta1',
          'argoproj.io/v1alpha1',
        ]),
      );
      const v1 = await (await get('/api/v1')).json();
      expect(v1.resources.map((r: any) => r.name)).toEqual(
        expect.arrayContaining([
          'pods',
          'pods/log',
          'services',
          'events',
          'namespaces',
        ]),
      );
      const apps = await (await get('/apis/apps/v1')).json();
      expect(apps).toMatchObject({
        kind: 'APIResourceList',
        groupVersion: 'apps/v1',
      });
      expect(
        apps.resources.find((r: any) => r.name === 'deployments'),
      ).toMatchObject({
        kind: 'Deployment',
        namespaced: true,
        verbs: ['get', 'list'],
      });
    });
  });

  describe('lists', () => {
    it('lists every kind Backstage fetches, cluster-wide, as XxxList objects', async () => {
      const paths: Record<string, string> = {
        '/api/v1/pods': 'PodList',
        '/api/v1/services': 'ServiceList',
        '/api/v1/configmaps': 'ConfigMapList',
        '/api/v1/limitranges': 'LimitRangeList',
        '/api/v1/resourcequotas': 'ResourceQuotaList',
        '/api/v1/events': 'EventList',
        '/apis/apps/v1/deployments': 'DeploymentList',
        '/apis/apps/v1/replicasets': 'ReplicaSetList',
        '/apis/apps/v1/statefulsets': 'StatefulSetList',
        '/apis/apps/v1/daemonsets': 'DaemonSetList',
        '/apis/autoscaling/v2/horizontalpodautoscalers':
          'HorizontalPodAutoscalerList',
        '/apis/networking.k8s.io/v1/ingresses': 'IngressList',
        '/apis/batch/v1/jobs': 'JobList',
        '/apis/batch/v1/cronjobs': 'CronJobList',
        '/apis/metrics.k8s.io/v1beta1/pods': 'PodMetricsList',
        '/apis/argoproj.io/v1alpha1/applications': 'ApplicationList',
      };
      for (const [path, kind] of Object.entries(paths)) {
        const res = await get(
          `${path}?labelSelector=${encodeURIComponent(
            `${KUBERNETES_ID_LABEL}=orders-service`,
          )}`,
        );
        expect([path, res.status]).toEqual([path, 200]);
        const body = await res.json();
        expect([path, body.kind, body.metadata.resourceVersion]).toEqual([
          path,
          kind,
          expect.stringMatching(/^\d+$/),
        ]);
      }
    });

    it('leaves apiVersion and kind off built-in list items, and keeps them on custom resources', async () => {
      const pods = await (
        await get('/api/v1/namespaces/orders-service/pods')
      ).json();
      expect(pods.items).toHaveLength(3);
      expect(pods.items[0].kind).toBeUndefined();
      const apps = await (
        await get('/apis/argoproj.io/v1alpha1/namespaces/argocd/applications')
      ).json();
      expect(apps.items[0]).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
      });
    });

    it('honours label selectors, equality and set-based, through the official client', async () => {
      const core = kc.makeApiClient(CoreV1Api);
      const names = async (labelSelector: string) =>
        (await core.listPodForAllNamespaces({ labelSelector })).items.map(
          p => p.metadata!.labels![KUBERNETES_ID_LABEL],
        );
      expect(await names(`${KUBERNETES_ID_LABEL}=orders-service`)).toEqual(
        Array(3).fill('orders-service'),
      );
      expect(
        new Set(
          await names(
            `${KUBERNETES_ID_LABEL} in (orders-service,storefront-web)`,
          ),
        ),
      ).toEqual(new Set(['orders-service', 'storefront-web']));
      expect(
        await names(
          `${KUBERNETES_ID_LABEL}!=orders-service,app notin (checkout-web,storefront-web)`,
        ),
      ).toEqual(Array(3).fill('inventory-service'));
      expect(await names('!app')).toEqual([]);
      expect(await names('')).toHaveLength(12);
      const web = await core.listNamespacedPod({ namespace: 'web' });
      expect(web.items).toHaveLength(6);
      expect(web.items[0].metadata!.creationTimestamp).toBeInstanceOf(Date);

      const apps = kc.makeApiClient(AppsV1Api);
      const deployments = await apps.listDeploymentForAllNamespaces({
        labelSelector: `${KUBERNETES_ID_LABEL}=inventory-service`,
      });
      expect(
        deployments.items.map(d => [
          d.metadata!.name,
          d.status!.unavailableReplicas,
        ]),
      ).toEqual([['inventory-service', 3]]);
      const hpas = await kc
        .makeApiClient(AutoscalingV2Api)
        .listHorizontalPodAutoscalerForAllNamespaces();
      expect(hpas.items).toHaveLength(4);
      const ingresses = await kc
        .makeApiClient(NetworkingV1Api)
        .listIngressForAllNamespaces({ labelSelector: 'app=checkout-web' });
      expect(ingresses.items[0].spec!.rules![0].host).toBe(
        'checkout-web.prod.launchpad.test',
      );
    });

    it("honours field selectors, as Backstage asks for a pod's events", async () => {
      const pod = state.resources.pods.find(
        p => p.metadata.labels!.app === 'inventory-service',
      )!;
      const core = kc.makeApiClient(CoreV1Api);
      const events = await core.listNamespacedEvent({
        namespace: 'inventory-service',
        fieldSelector: `involvedObject.name=${pod.metadata.name}`,
      });
      expect(events.items.length).toBeGreaterThan(0);
      expect(
        events.items.every(e => e.involvedObject.name === pod.metadata.name),
      ).toBe(true);
      expect(events.items.map(e => e.message)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Readiness probe failed: /),
        ]),
      );
      // The path the Backstage frontend uses, unencoded '='
      const raw = await (
        await get(
          `/api/v1/namespaces/inventory-service/events?fieldSelector=involvedObject.name=${pod.metadata.name}`,
        )
      ).json();
      expect(raw.items).toHaveLength(events.items.length);
      const warnings = await core.listEventForAllNamespaces({
        fieldSelector: 'type=Warning,reason=BackOff',
      });
      expect(warnings.items).toHaveLength(3);
      const byName = await core.listPodForAllNamespaces({
        fieldSelector: `metadata.name=${pod.metadata.name},status.phase=Running`,
      });
      expect(byName.items.map(p => p.metadata!.name)).toEqual([
        pod.metadata.name,
      ]);
    });

    it('answers bad selectors with 400 Status objects', async () => {
      const bad = await get(
        `/api/v1/pods?labelSelector=${encodeURIComponent('app in orders')}`,
      );
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({
        kind: 'Status',
        reason: 'BadRequest',
        code: 400,
        message: expect.stringMatching(/^unable to parse requirement/),
      });
      const field = await get('/api/v1/pods?fieldSelector=spec.containers=app');
      expect(field.status).toBe(400);
      expect((await field.json()).message).toBe(
        'field label not supported: spec.containers',
      );
    });

    it('pages with limit and continue', async () => {
      const core = kc.makeApiClient(CoreV1Api);
      const seen: string[] = [];
      let cont: string | undefined;
      let pages = 0;
      do {
        const page = await core.listPodForAllNamespaces({
          limit: 5,
          _continue: cont,
        });
        seen.push(...page.items.map(p => p.metadata!.name!));
        cont = page.metadata!._continue;
        pages++;
      } while (cont);
      expect(pages).toBe(3);
      expect(seen).toEqual(
        state.resources.pods
          .map(p => p.metadata.name)
          .sort((a, b) => {
            const ns = (n: string) =>
              state.resources.pods.find(p => p.metadata.name === n)!.metadata
                .namespace!;
            return ns(a) === ns(b)
              ? a.localeCompare(b)
              : ns(a).localeCompare(ns(b));
          }),
      );
    });

    it('answers continue tokens it did not hand out with 400, never 500', async () => {
      const forged = [
        'null',
        'true',
        '7',
        '"x"',
        '[]',
        '{}',
        '{"g":0}',
        '{"start":0}',
        '{"g":0,"start":"1"}',
        '{"g":0,"start":1.5}',
        '{"g":0,"start":-3}',
        '{"g":0,"start":1e300}',
        '{"g":0,"start":null}',
      ].map(json => Buffer.from(json).toString('base64url'));
      for (const token of [...forged, 'not base64 json', '%%%']) {
        const res = await get(
          `/api/v1/pods?limit=2&continue=${encodeURIComponent(token)}`,
        );
        expect([token, res.status]).toEqual([token, 400]);
        expect((await res.json()).message).toMatch(
          /^continue key is not valid/,
        );
      }
    });

    it('serves pod metrics the way metrics-server does', async () => {
      const metrics = await new Metrics(kc).getPodMetrics('orders-service');
      expect(metrics.items).toHaveLength(3);
      expect(metrics.items[0].containers[0].usage.cpu).toMatch(/n$/);
    });

    it('serves Argo CD Applications as a custom resource', async () => {
      const custom = kc.makeApiClient(CustomObjectsApi);
      const list: any = await custom.listClusterCustomObject({
        group: 'argoproj.io',
        version: 'v1alpha1',
        plural: 'applications',
        labelSelector: `${KUBERNETES_ID_LABEL} in (checkout-web,inventory-service)`,
      });
      const status = Object.fromEntries(
        list.items.map((a: any) => [
          a.metadata.labels[KUBERNETES_ID_LABEL],
          [a.status.sync.status, a.status.health.status],
        ]),
      );
      expect(status).toEqual({
        'checkout-web': ['OutOfSync', 'Healthy'],
        'inventory-service': ['Synced', 'Degraded'],
      });
    });
  });

  describe('objects and unknown paths', () => {
    it('gets one object by name, with its kind', async () => {
      const name = state.resources.pods[0].metadata.name;
      const ns = state.resources.pods[0].metadata.namespace!;
      const pod = await kc
        .makeApiClient(CoreV1Api)
        .readNamespacedPod({ name, namespace: ns });
      expect(pod).toMatchObject({ kind: 'Pod', metadata: { name } });
    });

    it('answers a missing object and an unknown path with 404 Status objects', async () => {
      const missing = await get(
        '/apis/apps/v1/namespaces/web/deployments/nope',
      );
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({
        kind: 'Status',
        reason: 'NotFound',
        code: 404,
        message: 'deployments.apps "nope" not found',
        details: { name: 'nope', group: 'apps', kind: 'deployments' },
      });
      for (const path of [
        '/api/v1/widgets',
        '/apis/example.com/v1/things',
        '/nowhere',
        '/api/v1/namespaces/web/pods/x/exec',
      ]) {
        const res = await get(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(await res.json()).toMatchObject({
          kind: 'Status',
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        });
      }
    });

    // An unparseable request target is refused before authentication, as
    // an HTTP server does; a bad escape in a path is found when routing it,
    // which (as for every path) comes after the token check.
    it.each([
      ['//', /^invalid request path: \/\/$/, 400],
      ['///', /^invalid request path: \/\/\/$/, 400],
      ['////', /^invalid request path: \/\/\/\/$/, 400],
      ['/api/v1/pods/%', /^invalid path \(malformed percent-encoding\)/, 401],
      ['/api/v1/namespaces/%E0%A4%A/pods', /malformed percent-encoding/, 401],
      [
        '/apis/apps/v1/namespaces/%/deployments',
        /malformed percent-encoding/,
        401,
      ],
      [
        '/api/v1/namespaces/web/pods/%zz/log',
        /malformed percent-encoding/,
        401,
      ],
      [
        '/api/v1/namespaces/web/pods/a%2/log',
        /malformed percent-encoding/,
        401,
      ],
    ])(
      'answers the malformed path %s with a 400 Status object, and keeps serving',
      async (path, message, withoutToken) => {
        const res = await get(path);
        expect([path, res.status]).toEqual([path, 400]);
        expect(await res.json()).toMatchObject({
          kind: 'Status',
          reason: 'BadRequest',
          code: 400,
          message: expect.stringMatching(message),
        });
        const anonymous = await get(path, null);
        expect([path, anonymous.status]).toEqual([path, withoutToken]);
        expect((await anonymous.json()).kind).toBe('Status');
        expect((await get('/api/v1/namespaces/web/pods')).status).toBe(200);
      },
    );

    it('refuses watch and write verbs with 405: it is read-only', async () => {
      const watch = await get('/api/v1/pods?watch=true');
      expect(watch.status).toBe(405);
      expect((await watch.json()).message).toMatch(/watch is not implemented/);
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const res = await get('/api/v1/namespaces/web/pods', TOKEN, {
          method,
          body: method === 'DELETE' ? undefined : '{}',
        });
        expect([method, res.status]).toEqual([method, 405]);
      }
    });
  });

  describe('pod logs', () => {
    const podOf = (service: string) =>
      state.resources.pods.find(p => p.metadata.labels!.app === service)!;

    it('returns the last lines of a container log as text/plain', async () => {
      const pod = podOf('orders-service');
      const core = kc.makeApiClient(CoreV1Api);
      const text = await core.readNamespacedPodLog({
        name: pod.metadata.name,
        namespace: 'orders-service',
        container: 'app',
        tailLines: 5,
      });
      const lines = text.trimEnd().split('\n');
      expect(lines).toHaveLength(5);
      expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT.*\[orders-service\] /);
      const res = await get(
        `/api/v1/namespaces/orders-service/pods/${pod.metadata.name}/log?tailLines=2&timestamps=true`,
      );
      expect(res.headers.get('content-type')).toBe('text/plain');
      expect((await res.text()).split('\n')[0]).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /,
      );
    });

    it('shows why a crash-looping container crashed, now and in the previous instance', async () => {
      const pod = podOf('inventory-service');
      const path = `/api/v1/namespaces/inventory-service/pods/${pod.metadata.name}/log`;
      expect(
        await (await get(`${path}?container=app&tailLines=1`)).text(),
      ).toBe('panic: database unavailable\n');
      // `previous=` with an empty value, as the Backstage frontend sends it, means true
      expect(
        await (await get(`${path}?container=app&previous=`)).text(),
      ).toMatch(/fatal: could not connect to database/);
    });

    it('asks for a container when the pod has several, and rejects unknown ones', async () => {
      const pod = podOf('storefront-web');
      const path = `/api/v1/namespaces/web/pods/${pod.metadata.name}/log`;
      const res = await get(path);
      expect(res.status).toBe(400);
      expect((await res.json()).message).toBe(
        `a container name must be specified for pod ${pod.metadata.name}, choose one of: [app envoy]`,
      );
      expect((await get(`${path}?container=envoy&tailLines=1`)).status).toBe(
        200,
      );
      const unknown = await get(`${path}?container=nope`);
      expect((await unknown.json()).message).toBe(
        `container nope is not valid for pod ${pod.metadata.name}`,
      );
      const previous = await get(`${path}?container=app&previous=true`);
      expect((await previous.json()).message).toBe(
        `previous terminated container "app" in pod "${pod.metadata.name}" not found`,
      );
      expect((await get('/api/v1/namespaces/web/pods/nope/log')).status).toBe(
        404,
      );
    });
  });

  describe('faults, for tests of what clients do with a bad cluster', () => {
    let faulty: KubeStandin;
    beforeEach(async () => {
      faulty = await startKubeStandin({ state, token: TOKEN, name: 'faulty' });
    });
    afterEach(() => faulty.stop());

    it('drops connections while down, and answers again when back up', async () => {
      expect((await fetch(`${faulty.url}/readyz`)).status).toBe(200); // leaves a keep-alive connection open
      faulty.setDown(true);
      await expect(fetch(`${faulty.url}/readyz`)).rejects.toThrow(
        /fetch failed/,
      );
      faulty.setDown(false);
      expect((await fetch(`${faulty.url}/readyz`)).status).toBe(200);
    });

    it('delays answers by the latency set', async () => {
      faulty.setLatency(60_000);
      await expect(
        fetch(`${faulty.url}/readyz`, { signal: AbortSignal.timeout(200) }),
      ).rejects.toThrow(/aborted/);
      faulty.setLatency(0);
      expect((await fetch(`${faulty.url}/readyz`)).status).toBe(200);
    });

    it('refuses connections once stopped', async () => {
      const url = faulty.url;
      await faulty.stop();
      await expect(fetch(`${url}/readyz`)).rejects.toMatchObject({
        cause: { code: 'ECONNREFUSED' },
      });
    });

    it('swaps its state, and expires continue tokens taken before', async () => {
      const first = await (
        await fetch(`${faulty.url}/api/v1/pods?limit=1`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        })
      ).json();
      faulty.setState(
        generateClusterState({
          env: 'prod',
          services: ['only-one'],
          podsPerService: 1,
          now: NOW,
        }),
      );
      const after = await fetch(
        `${faulty.url}/api/v1/pods?limit=1&continue=${first.metadata.continue}`,
        { headers: { Authorization: `Bearer ${TOKEN}` } },
      );
      expect(after.status).toBe(410);
      const pods = await (
        await fetch(`${faulty.url}/api/v1/pods`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        })
      ).json();
      expect(pods.items.map((p: any) => p.metadata.labels.app)).toEqual([
        'only-one',
      ]);
      expect(faulty.requests.map(r => r.status)).toEqual([200, 410, 200]);
    });
  });
});
