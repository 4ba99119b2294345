// @ts-check
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { renderHelmChart, validateKubernetesManifests } from './index.mjs';
import { crdSchemas, schemaPackageVersions } from './kubernetes.mjs';

/**
 * @param {string} name
 * @returns {Promise<string>}
 */
function fixture(name) {
  return fs.readFile(
    new URL(`../fixtures/manifests/${name}`, import.meta.url),
    'utf8',
  );
}

test('a Deployment with a wrong type, a bad enum and an unknown field is reported', async () => {
  const errors = await validateKubernetesManifests(
    await fixture('bad-deployment.yaml'),
    {
      source: 'deploy/orders.yaml',
    },
  );
  assert.deepEqual(errors, [
    {
      source: 'deploy/orders.yaml',
      kind: 'Deployment',
      name: 'orders',
      message: 'spec.replicas: must be integer (line 8)',
    },
    {
      source: 'deploy/orders.yaml',
      kind: 'Deployment',
      name: 'orders',
      message:
        'spec.template.spec.containers[0].imagePullPolicy: must be equal to one of the allowed values: "Always", "IfNotPresent", "Never" (line 20)',
    },
    {
      source: 'deploy/orders.yaml',
      kind: 'Deployment',
      name: 'orders',
      message:
        'spec.template.spec.containers[0].resourcez: unknown field "resourcez" (line 23)',
    },
  ]);
});

test('a valid Argo CD Application and ApplicationSet pass', async () => {
  assert.deepEqual(
    await validateKubernetesManifests(await fixture('argocd-application.yaml')),
    [],
  );
});

test('a valid CloudNativePG Cluster passes', async () => {
  assert.deepEqual(
    await validateKubernetesManifests(await fixture('cnpg-cluster.yaml')),
    [],
  );
});

test('a valid Role and RoleBinding pass', async () => {
  assert.deepEqual(
    await validateKubernetesManifests(await fixture('rbac.yaml')),
    [],
  );
});

test('an unknown kind is an error, not a silent pass', async () => {
  const errors = await validateKubernetesManifests(
    await fixture('unknown-kind.yaml'),
    { source: 'x.yaml' },
  );
  assert.equal(errors.length, 1);
  assert.equal(errors[0].kind, 'Widget');
  assert.equal(errors[0].name, 'gizmo');
  assert.match(
    errors[0].message,
    /no schema for kind Widget \(apiVersion example\.com\/v1\)/,
  );
  // a known group with a kind it does not have, and a helper type that is not a resource
  const more = await validateKubernetesManifests(
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: a}\n---\napiVersion: apps/v1\nkind: DeploymentSpec\nmetadata: {name: b}\n',
  );
  assert.deepEqual(
    more.map(e => e.message.replace(/^.*: no schema/, 'no schema')),
    [
      'no schema for kind Rollout (apiVersion argoproj.io/v1alpha1)',
      'no schema for kind DeploymentSpec (apiVersion apps/v1)',
    ],
  );
});

test('custom resources are strict too: unknown and mistyped fields in a Cluster and an Application', async () => {
  const cluster = (await fixture('cnpg-cluster.yaml'))
    .replace('instances: 3', 'instances: three')
    .replace('    size: 10Gi', '    size: 10Gi\n    sise: 20Gi');
  const errors = await validateKubernetesManifests(cluster);
  assert.deepEqual(
    errors.map(e => e.message),
    [
      'spec.instances: must be integer (line 7)',
      'spec.storage.sise: unknown field "sise" (line 12)',
    ],
  );
  const app = (await fixture('argocd-application.yaml')).replace(
    '  syncPolicy:',
    '  syncPolicyy:',
  );
  const appErrors = await validateKubernetesManifests(app);
  assert.deepEqual(
    appErrors.map(e => `${e.kind} ${e.name}: ${e.message}`),
    [
      'Application orders-dev: spec.syncPolicyy: unknown field "syncPolicyy" (line 25)',
    ],
  );
});

test('open objects (labels, preserve-unknown-fields) accept any keys; wrong value types are still caught', async () => {
  const errors = await validateKubernetesManifests(`apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  labels: {any.key/name: value}
data:
  COUNT: 3
`);
  assert.deepEqual(
    errors.map(e => e.message),
    ['data.COUNT: must be string (line 7)'],
  );
});

test('documents without apiVersion/kind/name, non-objects and YAML errors are reported', async () => {
  const errors = await validateKubernetesManifests(
    `kind: Service\nmetadata: {name: a}\n---\n# only a comment\n---\n- a list\n---\napiVersion: v1\nkind: Service\nmetadata: {}\nspec: {ports: [{port: 80}]}\n---\nfoo: [unclosed\n`,
    { source: 's' },
  );
  assert.equal(errors.length, 4);
  assert.match(errors[0].message, /document 1 .*missing apiVersion or kind/);
  assert.match(errors[1].message, /document 3: not a Kubernetes object/);
  assert.match(
    errors[2].message,
    /document 4 .*metadata\.name: missing required field "name"/,
  );
  assert.match(errors[3].message, /document 5: YAML error/);
});

// ---- CloudNativePG 1.30, Barman Cloud plugin and PodMonitor, from the CRDs in crds/ ----

/** A database as the postgres-database golden path renders it, one object per kind. */
function databaseObjects() {
  return {
    cluster: {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Cluster',
      metadata: {
        name: 'orders-db',
        namespace: 'team-a-prod',
        labels: { 'backstage.io/kubernetes-id': 'orders-db' },
      },
      spec: {
        instances: 3,
        imageName:
          'ghcr.io/cloudnative-pg/postgresql:17.11-202608170816-minimal-trixie@sha256:445ead3fd811466950a002b682a97c2a4907078b46fae8796b6637a763266a07',
        storage: { size: '50Gi' },
        bootstrap: { initdb: { database: 'app', owner: 'app' } },
        plugins: [
          {
            name: 'barman-cloud.cloudnative-pg.io',
            isWALArchiver: true,
            parameters: { barmanObjectName: 'orders-db-backups' },
          },
        ],
        monitoring: { enablePodMonitor: false },
      },
    },
    objectStore: {
      apiVersion: 'barmancloud.cnpg.io/v1',
      kind: 'ObjectStore',
      metadata: { name: 'orders-db-backups' },
      spec: {
        retentionPolicy: '30d',
        configuration: {
          destinationPath: 's3://backups/team-a-prod/orders-db',
          s3Credentials: {
            accessKeyId: { name: 'cnpg-backup-s3', key: 'ACCESS_KEY_ID' },
            secretAccessKey: {
              name: 'cnpg-backup-s3',
              key: 'ACCESS_SECRET_KEY',
            },
          },
          wal: { compression: 'gzip' },
          data: { compression: 'gzip' },
        },
      },
    },
    scheduledBackup: {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ScheduledBackup',
      metadata: { name: 'orders-db-daily' },
      spec: {
        schedule: '0 0 2 * * *',
        backupOwnerReference: 'self',
        cluster: { name: 'orders-db' },
        method: 'plugin',
        pluginConfiguration: { name: 'barman-cloud.cloudnative-pg.io' },
      },
    },
    podMonitor: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name: 'orders-db' },
      spec: {
        selector: { matchLabels: { 'cnpg.io/cluster': 'orders-db' } },
        podMetricsEndpoints: [{ port: 'metrics', interval: '30s' }],
      },
    },
    imageCatalog: {
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'ImageCatalog',
      metadata: { name: 'postgresql' },
      spec: {
        images: [
          {
            major: 17,
            image:
              'ghcr.io/cloudnative-pg/postgresql:17.11-202608170816-minimal-trixie@sha256:445ead3fd811466950a002b682a97c2a4907078b46fae8796b6637a763266a07',
          },
        ],
      },
    },
  };
}

/** @param {Record<string, unknown>[]} objects */
function toYaml(objects) {
  return objects.map(o => YAML.stringify(o)).join('---\n');
}

test('the vendored CRDs are current: CloudNativePG >= 1.27, with the Barman Cloud ObjectStore and PodMonitor', () => {
  const versions = schemaPackageVersions();
  const [major, minor] = versions['crds/cloudnative-pg'].split('.').map(Number);
  assert.ok(
    major > 1 || (major === 1 && minor >= 27),
    versions['crds/cloudnative-pg'],
  );
  const kinds = [...crdSchemas().keys()];
  for (const kind of [
    'postgresql.cnpg.io/v1 Cluster',
    'postgresql.cnpg.io/v1 ScheduledBackup',
    'postgresql.cnpg.io/v1 ImageCatalog',
    'postgresql.cnpg.io/v1 Pooler',
    'postgresql.cnpg.io/v1 Database',
    'barmancloud.cnpg.io/v1 ObjectStore',
    'monitoring.coreos.com/v1 PodMonitor',
  ])
    assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(', ')}`);
});

test('a database with plugin backups, a PodMonitor and an image catalog passes', async () => {
  const errors = await validateKubernetesManifests(
    toYaml(Object.values(databaseObjects())),
    { rejectDeprecated: true },
  );
  assert.deepEqual(errors, []);
});

/**
 * Each case breaks one field of one valid object; the error must name that
 * field (path first) and the object, and nothing else may be reported.
 * `deprecated`: valid for the CRD, an error only with rejectDeprecated.
 * @type {{ name: string, object: keyof ReturnType<typeof databaseObjects>, mutate: (o: any) => void, error: RegExp, deprecated?: boolean }[]}
 */
const WRONG_DATABASE_OBJECTS = [
  // Cluster
  {
    name: 'plugin without a name',
    object: 'cluster',
    mutate: o => delete o.spec.plugins[0].name,
    error: /^spec\.plugins\[0\]: missing required field "name"/,
  },
  {
    name: 'plugin parameter not a string',
    object: 'cluster',
    mutate: o => (o.spec.plugins[0].parameters.barmanObjectName = 3),
    error: /^spec\.plugins\[0\]\.parameters\.barmanObjectName: must be string/,
  },
  {
    name: 'misspelt isWALArchiver',
    object: 'cluster',
    mutate: o => {
      delete o.spec.plugins[0].isWALArchiver;
      o.spec.plugins[0].isWalArchiver = true;
    },
    error: /^spec\.plugins\[0\]\.isWalArchiver: unknown field "isWalArchiver"/,
  },
  {
    name: 'isWALArchiver as a string',
    object: 'cluster',
    mutate: o => (o.spec.plugins[0].isWALArchiver = 'yes'),
    error: /^spec\.plugins\[0\]\.isWALArchiver: must be boolean/,
  },
  {
    name: 'in-tree barmanObjectStore',
    object: 'cluster',
    mutate: o =>
      (o.spec.backup = { barmanObjectStore: { destinationPath: 's3://b/p' } }),
    error:
      /^spec\.backup\.barmanObjectStore: the in-tree Barman Cloud support is deprecated/,
    deprecated: true,
  },
  {
    name: 'cluster-level retention',
    object: 'cluster',
    mutate: o => (o.spec.backup = { retentionPolicy: '30d' }),
    error:
      /^spec\.backup\.retentionPolicy: deprecated since CloudNativePG 1\.26/,
    deprecated: true,
  },
  {
    name: 'operator-managed PodMonitor',
    object: 'cluster',
    mutate: o => (o.spec.monitoring.enablePodMonitor = true),
    error: /^spec\.monitoring\.enablePodMonitor: deprecated by CloudNativePG/,
    deprecated: true,
  },
  {
    name: 'unknown field under storage',
    object: 'cluster',
    mutate: o => (o.spec.storage.sizee = '1Gi'),
    error: /^spec\.storage\.sizee: unknown field "sizee"/,
  },
  {
    name: 'primaryUpdateStrategy outside its enum',
    object: 'cluster',
    mutate: o => (o.spec.primaryUpdateStrategy = 'automatic'),
    error:
      /^spec\.primaryUpdateStrategy: must be equal to one of the allowed values: "unsupervised", "supervised"/,
  },
  {
    name: 'label value not a string',
    object: 'cluster',
    mutate: o => (o.metadata.labels.critical = true),
    error: /^metadata\.labels\.critical: must be string/,
  },
  {
    name: 'name with capitals',
    object: 'cluster',
    mutate: o => (o.metadata.name = 'Orders-DB'),
    error: /^metadata\.name: must match pattern/,
  },
  // ObjectStore
  {
    name: 'ObjectStore without destinationPath',
    object: 'objectStore',
    mutate: o => delete o.spec.configuration.destinationPath,
    error: /^spec\.configuration: missing required field "destinationPath"/,
  },
  {
    name: 'ObjectStore without configuration',
    object: 'objectStore',
    mutate: o => delete o.spec.configuration,
    error: /^spec: missing required field "configuration"/,
  },
  {
    name: 'retention in words',
    object: 'objectStore',
    mutate: o => (o.spec.retentionPolicy = '30 days'),
    error: /^spec\.retentionPolicy: must match pattern/,
  },
  {
    name: 'retention of zero days',
    object: 'objectStore',
    mutate: o => (o.spec.retentionPolicy = '0d'),
    error: /^spec\.retentionPolicy: must match pattern/,
  },
  {
    name: 'WAL compression outside its enum',
    object: 'objectStore',
    mutate: o => (o.spec.configuration.wal.compression = 'brotli'),
    error:
      /^spec\.configuration\.wal\.compression: must be equal to one of the allowed values/,
  },
  {
    name: 'data compression xz (WAL only)',
    object: 'objectStore',
    mutate: o => (o.spec.configuration.data.compression = 'xz'),
    error:
      /^spec\.configuration\.data\.compression: must be equal to one of the allowed values/,
  },
  {
    name: 'misspelt s3Credentials',
    object: 'objectStore',
    mutate: o => {
      o.spec.configuration.s3Credential = o.spec.configuration.s3Credentials;
      delete o.spec.configuration.s3Credentials;
    },
    error: /^spec\.configuration\.s3Credential: unknown field "s3Credential"/,
  },
  {
    name: 'secret reference without key',
    object: 'objectStore',
    mutate: o => delete o.spec.configuration.s3Credentials.accessKeyId.key,
    error:
      /^spec\.configuration\.s3Credentials\.accessKeyId: missing required field "key"/,
  },
  {
    name: 'in-tree layout (barmanObjectStore under spec)',
    object: 'objectStore',
    mutate: o => (o.spec.barmanObjectStore = o.spec.configuration),
    error: /^spec\.barmanObjectStore: unknown field "barmanObjectStore"/,
  },
  // ScheduledBackup
  {
    name: 'ScheduledBackup with the default (in-tree) method',
    object: 'scheduledBackup',
    mutate: o => {
      delete o.spec.method;
      delete o.spec.pluginConfiguration;
    },
    error:
      /^spec\.method: barmanObjectStore \(also the default when method is not set\)/,
    deprecated: true,
  },
  {
    name: 'ScheduledBackup method in capitals',
    object: 'scheduledBackup',
    mutate: o => (o.spec.method = 'Plugin'),
    error:
      /^spec\.method: must be equal to one of the allowed values: "barmanObjectStore", "volumeSnapshot", "plugin"/,
  },
  {
    name: 'pluginConfiguration without name',
    object: 'scheduledBackup',
    mutate: o => delete o.spec.pluginConfiguration.name,
    error: /^spec\.pluginConfiguration: missing required field "name"/,
  },
  {
    name: 'ScheduledBackup without cluster',
    object: 'scheduledBackup',
    mutate: o => delete o.spec.cluster,
    error: /^spec: missing required field "cluster"/,
  },
  {
    name: 'backupOwnerReference outside its enum',
    object: 'scheduledBackup',
    mutate: o => (o.spec.backupOwnerReference = 'owner'),
    error:
      /^spec\.backupOwnerReference: must be equal to one of the allowed values/,
  },
  // PodMonitor
  {
    name: 'PodMonitor without selector',
    object: 'podMonitor',
    mutate: o => delete o.spec.selector,
    error: /^spec: missing required field "selector"/,
  },
  {
    name: 'misspelt endpoint port',
    object: 'podMonitor',
    mutate: o => {
      o.spec.podMetricsEndpoints[0].prot = 'metrics';
      delete o.spec.podMetricsEndpoints[0].port;
    },
    error: /^spec\.podMetricsEndpoints\[0\]\.prot: unknown field "prot"/,
  },
  {
    name: 'scrape interval without a unit',
    object: 'podMonitor',
    mutate: o => (o.spec.podMetricsEndpoints[0].interval = '30'),
    error: /^spec\.podMetricsEndpoints\[0\]\.interval: must match pattern/,
  },
  {
    name: 'scheme outside its enum',
    object: 'podMonitor',
    mutate: o => (o.spec.podMetricsEndpoints[0].scheme = 'ftp'),
    error:
      /^spec\.podMetricsEndpoints\[0\]\.scheme: must be equal to one of the allowed values/,
  },
  // ImageCatalog
  {
    name: 'catalog major as a string',
    object: 'imageCatalog',
    mutate: o => (o.spec.images[0].major = '17'),
    error: /^spec\.images\[0\]\.major: must be integer/,
  },
  {
    name: 'catalog image without image',
    object: 'imageCatalog',
    mutate: o => delete o.spec.images[0].image,
    error: /^spec\.images\[0\]: missing required field "image"/,
  },
];

for (const {
  name,
  object,
  mutate,
  error,
  deprecated,
} of WRONG_DATABASE_OBJECTS) {
  test(`database objects: ${name} is reported, naming the field`, async () => {
    const objects = databaseObjects();
    const broken = objects[object];
    mutate(broken);
    const yaml = toYaml(Object.values(objects));
    const errors = await validateKubernetesManifests(yaml, {
      source: 'chart (prod)',
      rejectDeprecated: true,
    });
    assert.equal(errors.length, 1, JSON.stringify(errors, null, 2));
    assert.equal(errors[0].source, 'chart (prod)');
    assert.equal(errors[0].kind, broken.kind);
    assert.match(errors[0].message, error);
    assert.match(errors[0].message, /\(line \d+\)$/);
    // Deprecated fields are still valid for the CRD: reported only on request.
    const lenient = await validateKubernetesManifests(yaml);
    assert.equal(lenient.length, deprecated ? 0 : 1, JSON.stringify(lenient));
  });
}

test('another API version of a vendored group has no schema', async () => {
  const { objectStore } = databaseObjects();
  const errors = await validateKubernetesManifests(
    toYaml([{ ...objectStore, apiVersion: 'barmancloud.cnpg.io/v2' }]),
  );
  assert.equal(errors.length, 1);
  assert.match(
    errors[0].message,
    /no schema for kind ObjectStore \(apiVersion barmancloud\.cnpg\.io\/v2\)/,
  );
});

test('the postgres-database golden chart renders, per environment, objects valid for CloudNativePG 1.30 with nothing deprecated', async () => {
  const chart = fileURLToPath(
    new URL(
      '../../../templates/postgres-database/golden/promotions-db/charts/promotions-db',
      import.meta.url,
    ),
  );
  /** @type {Record<string, string[]>} */
  const kinds = {};
  for (const env of ['dev', 'stage', 'prod']) {
    const rendered = await renderHelmChart(chart, [`values-${env}.yaml`], {
      releaseName: 'promotions-db',
      namespace: `checkout-${env}`,
    });
    const errors = await validateKubernetesManifests(rendered, {
      source: env,
      rejectDeprecated: true,
    });
    assert.deepEqual(errors, []);
    kinds[env] = YAML.parseAllDocuments(rendered)
      .map(d => d.toJS()?.kind)
      .filter(Boolean)
      .sort();
    if (env === 'prod') {
      const cluster = YAML.parseAllDocuments(rendered)
        .map(d => d.toJS())
        .find(o => o?.kind === 'Cluster');
      assert.deepEqual(cluster.spec.plugins, [
        {
          name: 'barman-cloud.cloudnative-pg.io',
          isWALArchiver: true,
          parameters: { barmanObjectName: 'promotions-db-backups' },
        },
      ]);
      assert.equal(cluster.spec.backup, undefined);
      assert.match(
        cluster.spec.imageName,
        /:17\.\d+-[^@]+@sha256:[0-9a-f]{64}$/,
      );
    }
  }
  assert.deepEqual(kinds, {
    dev: ['Cluster', 'NetworkPolicy', 'PodMonitor'],
    stage: ['Cluster', 'NetworkPolicy', 'PodMonitor'],
    prod: [
      'Cluster',
      'NetworkPolicy',
      'ObjectStore',
      'PodMonitor',
      'ScheduledBackup',
    ],
  });
});

// ---- ServiceMonitor (prometheus-operator 0.93.0) and HTTPRoute (Gateway API 1.2.1), from crds/ ----

/** @returns {Record<'serviceMonitor' | 'httpRoute', any>} */
function serviceObjects() {
  return {
    serviceMonitor: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'loyalty-service', labels: { app: 'x' } },
      spec: {
        selector: {
          matchLabels: { 'app.kubernetes.io/name': 'loyalty-service' },
        },
        endpoints: [
          {
            port: 'metrics',
            path: '/metrics',
            interval: '30s',
            scrapeTimeout: '10s',
          },
        ],
      },
    },
    httpRoute: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'loyalty-service' },
      spec: {
        parentRefs: [
          { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
        ],
        hostnames: ['loyalty.example.com'],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/' } }],
            backendRefs: [{ name: 'loyalty-service', port: 80 }],
          },
        ],
      },
    },
  };
}

test('the vendored CRDs include ServiceMonitor and HTTPRoute, and valid ones pass', async () => {
  const kinds = [...crdSchemas().keys()];
  for (const kind of [
    'monitoring.coreos.com/v1 ServiceMonitor',
    'gateway.networking.k8s.io/v1 HTTPRoute',
  ])
    assert.ok(kinds.includes(kind), `${kind} in ${kinds.join(', ')}`);
  assert.equal(schemaPackageVersions()['crds/gateway-api'], '1.2.1');
  const errors = await validateKubernetesManifests(
    toYaml(Object.values(serviceObjects())),
    { rejectDeprecated: true },
  );
  assert.deepEqual(errors, []);
});

/** @type {{ name: string, object: 'serviceMonitor' | 'httpRoute', mutate: (o: any) => unknown, error: RegExp }[]} */
const WRONG_SERVICE_OBJECTS = [
  {
    name: 'ServiceMonitor without selector',
    object: 'serviceMonitor',
    mutate: o => delete o.spec.selector,
    error: /^spec: missing required field "selector"/,
  },
  {
    name: 'misspelt endpoint field',
    object: 'serviceMonitor',
    mutate: o => (o.spec.endpoints[0].paht = '/m'),
    error: /^spec\.endpoints\[0\]\.paht: unknown field "paht"/,
  },
  {
    name: 'scrape interval without a unit',
    object: 'serviceMonitor',
    mutate: o => (o.spec.endpoints[0].interval = '30'),
    error: /^spec\.endpoints\[0\]\.interval: must match pattern/,
  },
  {
    name: 'endpoint port as a number',
    object: 'serviceMonitor',
    mutate: o => (o.spec.endpoints[0].port = 9090),
    error: /^spec\.endpoints\[0\]\.port: must be string/,
  },
  {
    name: 'path match type outside its enum',
    object: 'httpRoute',
    mutate: o => (o.spec.rules[0].matches[0].path.type = 'Glob'),
    error:
      /^spec\.rules\[0\]\.matches\[0\]\.path\.type: must be equal to one of the allowed values/,
  },
  {
    name: 'hostname with a scheme',
    object: 'httpRoute',
    mutate: o => (o.spec.hostnames = ['https://loyalty.example.com']),
    error: /^spec\.hostnames\[0\]: must match pattern/,
  },
  {
    name: 'backend port as a string',
    object: 'httpRoute',
    mutate: o => (o.spec.rules[0].backendRefs[0].port = 'http'),
    error: /^spec\.rules\[0\]\.backendRefs\[0\]\.port: must be integer/,
  },
  {
    name: 'unknown rule field',
    object: 'httpRoute',
    mutate: o => (o.spec.rules[0].timeout = '5s'),
    error: /^spec\.rules\[0\]\.timeout: unknown field "timeout"/,
  },
];

for (const { name, object, mutate, error } of WRONG_SERVICE_OBJECTS) {
  test(`service objects: ${name} is reported, naming the field`, async () => {
    const objects = serviceObjects();
    mutate(objects[object]);
    const errors = await validateKubernetesManifests(
      toYaml(Object.values(objects)),
      { source: 'chart (prod)', rejectDeprecated: true },
    );
    assert.equal(errors.length, 1, JSON.stringify(errors, null, 2));
    assert.equal(errors[0].kind, objects[object].kind);
    assert.match(errors[0].message, error);
  });
}
