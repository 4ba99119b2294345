// @ts-check
// The portal's own Helm chart (deploy/helm/launchpad), rendered by the same
// engine as the golden paths' charts (helm-render: Go text/template + sprig
// from Debian) and every manifest validated strictly: Kubernetes and
// CloudNativePG kinds by the harness's validator, the Gateway API HTTPRoute
// by its CRD schema (deploy/helm/test/gateway-api.mjs; the harness has no
// Gateway API models). Helpers and tables: deploy/helm/test/.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, test } from 'node:test';
import { parse, stringify } from 'yaml';
import { loadPortalConfig } from '../../../deploy/helm/test/backstage-config.mjs';
import {
  GATEWAY_SET,
  INGRESS_SET,
  appConfig,
  assertRefused,
  chartDir,
  checksum,
  cleanup,
  manifests,
  ofKind,
  one,
  portalContainer,
  render,
  repoRoot,
  selects,
  validate,
} from '../../../deploy/helm/test/chart.mjs';
import {
  HOSTILE_FIELDS,
  HOSTILE_STRINGS,
  INVALID_VALUES,
  LIST_ITEMS,
  LITERAL_SECRETS,
  MINIMAL,
  OPEN_MAPS,
} from '../../../deploy/helm/test/refusals.mjs';
import { scanSecretsInText } from './secrets.mjs';

after(cleanup);

test('defaults + Ingress + external Postgres: 6 manifests, every one valid', async () => {
  const rendered = await render([INGRESS_SET]);
  assert.deepEqual(await validate(rendered, INGRESS_SET), []);
  const docs = manifests(rendered);
  assert.deepEqual(
    docs.map(d => d.kind),
    [
      'ConfigMap',
      'Deployment',
      'Ingress',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ],
  );
  for (const d of docs) assert.equal(d.metadata.namespace, 'launchpad');
});

test('Gateway API + CloudNativePG + extra config: 7 manifests, every one valid', async () => {
  const rendered = await render([GATEWAY_SET]);
  assert.deepEqual(await validate(rendered, GATEWAY_SET), []);
  const docs = manifests(rendered);
  assert.deepEqual(
    docs.map(d => d.kind),
    [
      'Cluster',
      'ConfigMap',
      'Deployment',
      'HTTPRoute',
      'PodDisruptionBudget',
      'Service',
      'ServiceAccount',
    ],
  );
});

test('the validators used here do catch a broken manifest of each kind', async () => {
  // guards the two tests above: a schema check that cannot fail proves nothing
  const docs = manifests(await render([GATEWAY_SET]));
  const breakages = /** @type {[string, (d: any) => void, RegExp][]} */ ([
    ['Deployment', d => (d.spec.replicas = 'two'), /spec\.replicas/],
    [
      'Deployment',
      d => (d.spec.template.spec.containers[0].readOnlyRoot = true),
      /unknown field "readOnlyRoot"/,
    ],
    [
      'PodDisruptionBudget',
      d => (d.spec.unhealthyPodEvictionPolicy = 7),
      /unhealthyPodEvictionPolicy/,
    ],
    ['Cluster', d => (d.spec.instancez = 2), /unknown field "instancez"/],
    [
      'HTTPRoute',
      d => (d.spec.rules[0].backendRefs[0].port = 'http'),
      /backendRefs\.0\.port/,
    ],
    [
      'HTTPRoute',
      d => (d.spec.hostnames = ['Portal.Example.com']),
      /hostnames\.0/,
    ],
    [
      'HTTPRoute',
      d => (d.spec.parentRefs[0].gateway = 'x'),
      /unknown field "gateway"/,
    ],
  ]);
  for (const [kind, breakIt, message] of breakages) {
    const broken = structuredClone(one(docs, kind));
    breakIt(broken);
    const errors = await validate(`---\n${stringify(broken)}`, 'broken');
    assert.ok(
      errors.some(e => message.test(e)),
      `${kind}: expected an error matching ${message}, got ${JSON.stringify(
        errors,
      )}`,
    );
  }
});

test('two replicas by default; the PDB, Service and spread rules select exactly the portal pods', async () => {
  const docs = manifests(
    await render([
      {
        publicUrl: 'https://portal.example.com',
        postgresql: { cnpg: { enabled: true } },
        podLabels: { team: 'platform', 'app.kubernetes.io/component': 'other' },
      },
    ]),
  );
  const deployment = one(docs, 'Deployment');
  assert.equal(deployment.spec.replicas, 2);
  const podLabels = deployment.spec.template.metadata.labels;
  assert.equal(podLabels.team, 'platform');
  // podLabels never override the selector labels
  assert.equal(podLabels['app.kubernetes.io/component'], 'portal');
  assert.ok(selects(deployment.spec.selector.matchLabels, podLabels));

  const pdb = one(docs, 'PodDisruptionBudget');
  assert.ok(
    selects(pdb.spec.selector.matchLabels, podLabels),
    'PDB selects the portal pods',
  );
  assert.equal(pdb.spec.maxUnavailable, 1);
  assert.equal(pdb.spec.unhealthyPodEvictionPolicy, 'AlwaysAllow');
  const service = one(docs, 'Service');
  assert.ok(
    selects(service.spec.selector, podLabels),
    'Service selects the portal pods',
  );

  // the database's objects are not selected by the portal's PDB or Service
  const cluster = one(docs, 'Cluster');
  assert.equal(
    selects(pdb.spec.selector.matchLabels, cluster.metadata.labels),
    false,
  );
  assert.equal(selects(service.spec.selector, cluster.metadata.labels), false);

  const spec = deployment.spec.template.spec;
  assert.deepEqual(
    spec.topologySpreadConstraints.map((/** @type {any} */ c) => c.topologyKey),
    ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'],
  );
  for (const c of spec.topologySpreadConstraints) {
    assert.equal(c.maxSkew, 1);
    assert.ok(selects(c.labelSelector.matchLabels, podLabels));
  }
  const anti =
    spec.affinity.podAntiAffinity
      .preferredDuringSchedulingIgnoredDuringExecution;
  assert.equal(anti[0].podAffinityTerm.topologyKey, 'kubernetes.io/hostname');
  assert.ok(
    selects(anti[0].podAffinityTerm.labelSelector.matchLabels, podLabels),
  );
  // a rolling update never goes below the wanted replicas
  assert.deepEqual(deployment.spec.strategy.rollingUpdate, {
    maxSurge: 1,
    maxUnavailable: 0,
  });

  // own constraints replace the generated ones
  const custom = one(
    manifests(
      await render([
        MINIMAL,
        {
          topologySpreadConstraints: [
            {
              maxSkew: 2,
              topologyKey: 'rack',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { a: 'b' } },
            },
          ],
          podSpread: { enabled: false },
        },
      ]),
    ),
    'Deployment',
  ).spec.template.spec;
  assert.equal(custom.topologySpreadConstraints.length, 1);
  assert.equal(custom.topologySpreadConstraints[0].topologyKey, 'rack');
  assert.equal(custom.affinity, undefined);
});

test("probes are on Backstage's health endpoints, on the container's http port", async () => {
  for (const set of [INGRESS_SET, GATEWAY_SET]) {
    const container = portalContainer(
      one(manifests(await render([set])), 'Deployment'),
    );
    assert.deepEqual(container.ports, [
      { name: 'http', containerPort: 7007, protocol: 'TCP' },
    ]);
    assert.deepEqual(container.readinessProbe.httpGet, {
      path: '/.backstage/health/v1/readiness',
      port: 'http',
    });
    assert.deepEqual(container.livenessProbe.httpGet, {
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    assert.deepEqual(container.startupProbe.httpGet, {
      path: '/.backstage/health/v1/liveness',
      port: 'http',
    });
    // the startup probe gives the first start (migrations) minutes, not seconds
    assert.ok(
      container.startupProbe.periodSeconds *
        container.startupProbe.failureThreshold >=
        120,
    );
    assert.ok(
      container.resources.requests.cpu && container.resources.requests.memory,
    );
    assert.ok(container.resources.limits.memory);
  }
});

test('hardened pod: uid 1000, read-only root, no capabilities, RuntimeDefault seccomp; writes go to volumes', async () => {
  const docs = manifests(await render([INGRESS_SET]));
  const deployment = one(docs, 'Deployment');
  const pod = deployment.spec.template.spec;
  const container = portalContainer(deployment);
  assert.deepEqual(
    {
      runAsNonRoot: pod.securityContext.runAsNonRoot,
      runAsUser: pod.securityContext.runAsUser,
      fsGroup: pod.securityContext.fsGroup,
      seccomp: pod.securityContext.seccompProfile.type,
    },
    {
      runAsNonRoot: true,
      runAsUser: 1000,
      fsGroup: 1000,
      seccomp: 'RuntimeDefault',
    },
  );
  const sc = container.securityContext;
  assert.equal(sc.readOnlyRootFilesystem, true);
  assert.equal(sc.allowPrivilegeEscalation, false);
  assert.equal(sc.privileged, false);
  assert.equal(sc.runAsNonRoot, true);
  assert.equal(sc.runAsUser, 1000);
  assert.deepEqual(sc.capabilities, { drop: ['ALL'] });
  assert.equal(sc.seccompProfile.type, 'RuntimeDefault');
  assert.equal(pod.automountServiceAccountToken, false);

  const volumes = Object.fromEntries(
    pod.volumes.map((/** @type {any} */ v) => [v.name, v]),
  );
  const mounts = Object.fromEntries(
    container.volumeMounts.map((/** @type {any} */ m) => [m.mountPath, m]),
  );
  // every path the backend writes is a volume
  const config = appConfig(docs);
  for (const dir of [
    '/tmp',
    config.backend.workingDirectory,
    config.gitHosting.root,
  ]) {
    assert.ok(mounts[dir], `${dir} is mounted`);
    const volume = volumes[mounts[dir].name];
    assert.ok(
      volume.emptyDir || volume.persistentVolumeClaim,
      `${dir} is writable storage`,
    );
    assert.notEqual(mounts[dir].readOnly, true);
  }
  assert.equal(config.backend.workingDirectory, '/workspace');
  assert.equal(mounts['/config'].readOnly, true);
  assert.equal(
    volumes[mounts['/config'].name].configMap.name,
    one(docs, 'ConfigMap').metadata.name,
  );
  assert.equal(
    container.env.find((/** @type {any} */ e) => e.name === 'HOME').value,
    '/tmp',
  );
  // the git host's repositories on a claim when one is named
  const withClaim = one(manifests(await render([GATEWAY_SET])), 'Deployment')
    .spec.template.spec;
  assert.deepEqual(
    withClaim.volumes.find((/** @type {any} */ v) => v.name === 'git-data')
      .persistentVolumeClaim,
    { claimName: 'launchpad-git' },
  );
});

test('shutdown: a preStop pause, then at least 30 s for the drain', async () => {
  for (const [kubeVersion, kind] of [
    ['v1.31.0', 'sleep'],
    ['v1.29.4', 'exec'],
  ]) {
    const deployment = one(
      manifests(await render([INGRESS_SET], { kubeVersion })),
      'Deployment',
    );
    const pod = deployment.spec.template.spec;
    const preStop = portalContainer(deployment).lifecycle.preStop;
    assert.ok(pod.terminationGracePeriodSeconds >= 30);
    if (kind === 'sleep') {
      assert.deepEqual(preStop, { sleep: { seconds: 10 } });
    } else {
      // before 1.30 there is no sleep action: node (always in the image) waits
      assert.deepEqual(preStop.exec.command, [
        'node',
        '-e',
        'setTimeout(() => {}, 10000)',
      ]);
    }
    assert.ok(
      pod.terminationGracePeriodSeconds > 10 + 30,
      'room to drain after the pause',
    );
  }
  const noHook = one(
    manifests(await render([MINIMAL, { preStopSleepSeconds: 0 }])),
    'Deployment',
  );
  assert.equal(portalContainer(noHook).lifecycle, undefined);
});

test('the public URL is app.baseUrl, backend.baseUrl and the route host, for any host and port', async () => {
  const cases = [
    [
      'https://portal.example.com',
      'https://portal.example.com',
      'portal.example.com',
    ],
    [
      'https://portal.example.com/',
      'https://portal.example.com',
      'portal.example.com',
    ],
    [
      'http://launchpad.internal:8080',
      'http://launchpad.internal:8080',
      'launchpad.internal',
    ],
    ['https://10.0.0.7:8443', 'https://10.0.0.7:8443', '10.0.0.7'],
  ];
  for (const [publicUrl, baseUrl, host] of cases) {
    const viaIngress = manifests(
      await render([MINIMAL, { publicUrl, ingress: { enabled: true } }]),
    );
    const env = Object.fromEntries(
      portalContainer(one(viaIngress, 'Deployment')).env.map(
        (/** @type {any} */ e) => [e.name, e.value],
      ),
    );
    assert.equal(env.APP_CONFIG_app_baseUrl, baseUrl);
    assert.equal(env.APP_CONFIG_backend_baseUrl, baseUrl);
    assert.equal(env.APP_CONFIG_backend_cors_origin, baseUrl);
    assert.equal(one(viaIngress, 'Ingress').spec.rules[0].host, host);
    const viaGateway = manifests(
      await render([
        MINIMAL,
        { publicUrl, gateway: { enabled: true, parentRefs: [{ name: 'gw' }] } },
      ]),
    );
    assert.deepEqual(one(viaGateway, 'HTTPRoute').spec.hostnames, [host]);
  }
});

test('exactly one of Ingress and HTTPRoute, pointing at the Service', async () => {
  const ingressDocs = manifests(await render([INGRESS_SET]));
  const gatewayDocs = manifests(await render([GATEWAY_SET]));
  const neither = manifests(await render([MINIMAL]));
  assert.deepEqual(
    [ingressDocs, gatewayDocs, neither].map(d => [
      ofKind(d, 'Ingress').length,
      ofKind(d, 'HTTPRoute').length,
    ]),
    [
      [1, 0],
      [0, 1],
      [0, 0],
    ],
  );
  const ingress = one(ingressDocs, 'Ingress');
  const service = one(ingressDocs, 'Service');
  assert.deepEqual(ingress.spec.rules[0].http.paths[0].backend.service, {
    name: service.metadata.name,
    port: { name: 'http' },
  });
  assert.deepEqual(ingress.spec.tls, [
    { hosts: ['portal.northwind.example'], secretName: 'portal-tls' },
  ]);
  assert.equal(service.spec.ports[0].targetPort, 'http');

  const route = one(gatewayDocs, 'HTTPRoute');
  const gwService = one(gatewayDocs, 'Service');
  assert.deepEqual(route.spec.parentRefs, [
    { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
  ]);
  assert.deepEqual(route.spec.rules[0].backendRefs, [
    { name: gwService.metadata.name, port: gwService.spec.ports[0].port },
  ]);

  await assertRefused(
    [
      MINIMAL,
      {
        ingress: { enabled: true },
        gateway: { enabled: true, parentRefs: [{ name: 'gw' }] },
      },
    ],
    /ingress\.enabled and gateway\.enabled are both true/,
  );
});

test('CloudNativePG: a pinned image; the portal reads <cluster>-app and verifies the server with <cluster>-ca (ca.crt only)', async () => {
  const docs = manifests(await render([GATEWAY_SET]));
  const cluster = one(docs, 'Cluster');
  assert.equal(cluster.apiVersion, 'postgresql.cnpg.io/v1');
  assert.match(cluster.spec.imageName, /:\d+\.\d+/);
  assert.equal(cluster.spec.instances, 3);
  assert.equal(cluster.spec.enableSuperuserAccess, false);
  assert.deepEqual(cluster.spec.bootstrap.initdb, {
    database: 'launchpad',
    owner: 'launchpad',
  });
  assert.deepEqual(cluster.spec.storage, {
    size: '20Gi',
    storageClass: 'fast-ssd',
  });
  assert.equal(cluster.spec.affinity.enablePodAntiAffinity, true);

  const container = portalContainer(one(docs, 'Deployment'));
  const fromSecret = Object.fromEntries(
    container.env
      .filter((/** @type {any} */ e) => e.name.startsWith('POSTGRES_'))
      .map((/** @type {any} */ e) => [e.name, e.valueFrom?.secretKeyRef]),
  );
  const app = `${cluster.metadata.name}-app`;
  assert.deepEqual(fromSecret, {
    POSTGRES_HOST: { name: app, key: 'host' },
    POSTGRES_PORT: { name: app, key: 'port' },
    POSTGRES_DB: { name: app, key: 'dbname' },
    POSTGRES_USER: { name: app, key: 'username' },
    POSTGRES_PASSWORD: { name: app, key: 'password' },
    // the cluster's CA certificate: the one key of <cluster>-ca that is not the CA's private key
    POSTGRES_CA: { name: `${cluster.metadata.name}-ca`, key: 'ca.crt' },
  });
  const db = appConfig(docs).backend.database;
  assert.equal(db.pluginDivisionMode, 'schema');
  assert.deepEqual(db.connection.ssl, {
    rejectUnauthorized: true,
    ca: '${POSTGRES_CA}',
  });
  // backups: through the Barman Cloud plugin (ObjectStore + the Cluster's plugins entry + ScheduledBackup)
  const backupDocs = manifests(
    await render([
      GATEWAY_SET,
      {
        postgresql: {
          cnpg: {
            backup: {
              enabled: true,
              retentionPolicy: '14d',
              configuration: {
                destinationPath: 's3://backups/portal',
                s3Credentials: { inheritFromIAMRole: true },
                wal: { compression: 'gzip' },
              },
            },
          },
        },
      },
    ]),
  );
  const withBackup = one(backupDocs, 'Cluster');
  const store = one(backupDocs, 'ObjectStore');
  const scheduled = one(backupDocs, 'ScheduledBackup');
  assert.equal(
    withBackup.spec.backup,
    undefined,
    'no in-tree barmanObjectStore (deprecated, removed in CNPG 1.32)',
  );
  assert.deepEqual(withBackup.spec.plugins, [
    {
      name: 'barman-cloud.cloudnative-pg.io',
      isWALArchiver: true,
      parameters: { barmanObjectName: store.metadata.name },
    },
  ]);
  assert.deepEqual(
    {
      retention: store.spec.retentionPolicy,
      destination: store.spec.configuration.destinationPath,
    },
    { retention: '14d', destination: 's3://backups/portal' },
  );
  assert.deepEqual(
    {
      method: scheduled.spec.method,
      plugin: scheduled.spec.pluginConfiguration.name,
      cluster: scheduled.spec.cluster.name,
    },
    {
      method: 'plugin',
      plugin: 'barman-cloud.cloudnative-pg.io',
      cluster: withBackup.metadata.name,
    },
  );
  for (const doc of [withBackup, store, scheduled]) {
    assert.deepEqual(
      await validate(`---\n${stringify(doc)}`, `backup ${doc.kind}`),
      [],
    );
  }
  // no backups by default; enabled without a destination fails the render, naming the value
  assert.deepEqual(
    manifests(
      await render([GATEWAY_SET, { postgresql: { cnpg: { enabled: true } } }]),
    ).filter(d => ['ObjectStore', 'ScheduledBackup'].includes(d.kind)),
    [],
  );
  await assertRefused(
    [
      GATEWAY_SET,
      { postgresql: { cnpg: { enabled: true, backup: { enabled: true } } } },
    ],
    /postgresql\.cnpg\.backup\.configuration\.destinationPath is required/,
  );
});

test('external Postgres: TLS verified by default, the CA from a Secret; plain only when asked', async () => {
  const docs = manifests(await render([INGRESS_SET]));
  const env = portalContainer(one(docs, 'Deployment')).env;
  const byName = Object.fromEntries(
    env.map((/** @type {any} */ e) => [e.name, e]),
  );
  assert.equal(byName.POSTGRES_HOST.value, 'pg.db.northwind.example');
  assert.equal(byName.POSTGRES_PORT.value, '5432');
  assert.equal(byName.POSTGRES_DB.value, 'launchpad');
  assert.deepEqual(byName.POSTGRES_USER.valueFrom.secretKeyRef, {
    name: 'launchpad-postgres',
    key: 'username',
  });
  assert.deepEqual(byName.POSTGRES_PASSWORD.valueFrom.secretKeyRef, {
    name: 'launchpad-postgres',
    key: 'password',
  });
  assert.deepEqual(appConfig(docs).backend.database.connection.ssl, {
    rejectUnauthorized: true,
    ca: '${POSTGRES_CA}',
  });
  assert.deepEqual(byName.POSTGRES_CA.valueFrom.secretKeyRef, {
    name: 'launchpad-postgres-ca',
    key: 'ca.crt',
  });

  // no CA named: the image's system CAs, still verified, no POSTGRES_CA
  const systemCas = manifests(await render([MINIMAL]));
  assert.deepEqual(appConfig(systemCas).backend.database.connection.ssl, {
    rejectUnauthorized: true,
  });
  assert.equal(
    portalContainer(one(systemCas, 'Deployment')).env.some(
      (/** @type {any} */ e) => e.name === 'POSTGRES_CA',
    ),
    false,
  );
  const plain = manifests(
    await render([
      MINIMAL,
      { postgresql: { external: { ssl: { enabled: false } } } },
    ]),
  );
  assert.equal(appConfig(plain).backend.database.connection.ssl, false);
});

test('secrets only by reference: no Secret objects, no secret values in env or config', async () => {
  for (const set of [INGRESS_SET, GATEWAY_SET]) {
    const rendered = await render([set]);
    const docs = manifests(rendered);
    assert.equal(ofKind(docs, 'Secret').length, 0);
    const container = portalContainer(one(docs, 'Deployment'));
    for (const e of container.env) {
      if (/PASSWORD|SECRET|TOKEN|_KEY$|USER$|CLIENT_ID$/.test(e.name)) {
        assert.ok(e.valueFrom?.secretKeyRef, `${e.name} comes from a Secret`);
        assert.equal(e.value, undefined);
      }
    }
    // every secret-named setting of the generated config is a ${ENV} reference to a variable from a Secret
    const fromSecrets = new Set(
      container.env
        .filter((/** @type {any} */ e) => e.valueFrom?.secretKeyRef)
        .map((/** @type {any} */ e) => e.name),
    );
    /** @param {unknown} node @param {string} at */
    const walk = (node, at) => {
      if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (/(password|secret|token)$/i.test(k) && typeof v !== 'object') {
            const m = /^\$\{([A-Z0-9_]+)\}$/.exec(String(v));
            assert.ok(m, `${at}.${k} is a reference, not a value`);
            assert.ok(
              fromSecrets.has(m[1]),
              `${at}.${k}: ${m[1]} is set from a Secret`,
            );
          }
          walk(v, `${at}.${k}`);
        }
      }
    };
    walk(appConfig(docs), 'config');
    assert.deepEqual(await scanSecretsInText(rendered, set), []);
  }
});

test('the config checksum rolls the pods exactly when the config changes', async () => {
  const base = checksum(await render([INGRESS_SET]));
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(checksum(await render([INGRESS_SET])), base, 'stable');
  const configChanges = [
    {
      appConfig: {
        catalog: {
          locations: [
            { type: 'url', target: 'https://git.example.com/c.yaml' },
          ],
        },
      },
    },
    {
      appConfig: {
        launchpad: { permissions: { admins: ['group:default/sre'] } },
      },
    },
    { gitHost: { root: '/var/lib/launchpad/git' } },
    { postgresql: { external: { ssl: { rejectUnauthorized: false } } } },
    {
      kubernetes: {
        clusters: [
          {
            name: 'dev',
            environment: 'dev',
            url: 'https://k8s.dev.example.com',
            tokenSecret: { name: 'k8s-dev', key: 'token' },
          },
        ],
      },
    },
    { auth: { github: { enabled: true, existingSecret: 'gh' } } },
  ];
  const seen = new Set([base]);
  for (const change of configChanges) {
    const sum = checksum(await render([INGRESS_SET, change]));
    assert.ok(
      !seen.has(sum),
      `config change ${JSON.stringify(change)} changes the checksum`,
    );
    seen.add(sum);
  }
  for (const change of [
    { replicaCount: 4 },
    { podAnnotations: { a: 'b' } },
    { resources: { limits: { memory: '2Gi' } } },
    { image: { tag: '0.2.0' } },
  ]) {
    assert.equal(
      checksum(await render([INGRESS_SET, change])),
      base,
      `${JSON.stringify(change)} is not config`,
    );
  }
  // the annotation is the hash of the ConfigMap the release ships
  const rendered = await render([INGRESS_SET]);
  const configMapText =
    rendered.split(/^---\n/m).find(c => c.includes('kind: ConfigMap')) ?? '';
  const body = configMapText.replace(/^# Source: .*\n/, '');
  assert.equal(
    createHash('sha256').update(`${body.trimEnd()}\n`).digest('hex'),
    base,
  );
});

test('the chart refuses values that would give a broken or unsafe release, saying which', async t => {
  for (const [name, sets, message] of INVALID_VALUES) {
    await t.test(name, () => assertRefused(sets, message));
  }
});

test('hostile strings are refused before they reach a manifest', async t => {
  // YAML/flow injection, newlines, quotes, template syntax, path tricks: each
  // field that lands in a manifest or the config is checked, not escaped later
  for (const [field, values, message] of HOSTILE_FIELDS) {
    await t.test(field, async () => {
      await Promise.all(
        HOSTILE_STRINGS.map(s => assertRefused([MINIMAL, values(s)], message)),
      );
    });
  }
});

test('literal secrets in appConfig or extraEnv are refused; references are accepted', async t => {
  for (const [i, appConfig] of LITERAL_SECRETS.entries()) {
    await t.test(
      `literal ${i}: ${JSON.stringify(appConfig).slice(0, 60)}`,
      () =>
        assertRefused(
          [MINIMAL, { appConfig }],
          /appConfig\S* holds a (literal secret|PEM block)/,
        ),
    );
  }
  for (const name of [
    'DB_PASSWORD',
    'GITHUB_TOKEN',
    'SESSION_SECRET',
    'AWS_SECRET_ACCESS_KEY',
    'api_key',
    'Credentials',
  ]) {
    await t.test(`extraEnv ${name}`, () =>
      assertRefused(
        [MINIMAL, { extraEnv: [{ name, value: 'v' }] }],
        new RegExp(`extraEnv\\[0\\] ${name} looks like a secret`),
      ),
    );
  }
  await t.test('references and non-secret settings render', async () => {
    const extraConfig = {
      auth: {
        providers: { oidc: { production: { clientSecret: '${OIDC_X}' } } },
      },
      integrations: {
        github: [{ host: 'github.com', token: '${GITHUB_TOKEN}' }],
      },
      backend: { auth: { keys: [{ secret: { $env: 'BACKEND_SECRET' } }] } },
      techdocs: {
        publisher: { awsS3: { credentials: { secretAccessKey: '' } } },
      },
      auth2: {
        backstageTokenExpiration: '1h',
        tokenExpiry: 3600,
        secretsEnabled: true,
      },
    };
    const docs = manifests(
      await render([
        MINIMAL,
        {
          appConfig: extraConfig,
          extraSecretEnv: [
            { name: 'GITHUB_TOKEN', secretName: 'gh', key: 'token' },
          ],
          extraEnv: [{ name: 'LOG_LEVEL', value: 'debug' }],
        },
      ]),
    );
    const config = appConfig(docs);
    assert.equal(config.integrations.github[0].token, '${GITHUB_TOKEN}');
    assert.equal(
      config.auth.providers.oidc.production.clientSecret,
      '${OIDC_X}',
    );
    assert.deepEqual(config.backend.auth.keys, [
      { secret: { $env: 'BACKEND_SECRET' } },
    ]);
    // the chart's own settings survive the merge
    assert.equal(config.backend.database.client, 'pg');
    const env = portalContainer(one(docs, 'Deployment')).env;
    assert.deepEqual(
      env.find((/** @type {any} */ e) => e.name === 'GITHUB_TOKEN').valueFrom,
      { secretKeyRef: { name: 'gh', key: 'token' } },
    );
    assert.equal(
      env.find((/** @type {any} */ e) => e.name === 'LOG_LEVEL').value,
      'debug',
    );
  });
});

test('an unknown setting (a typo) is refused at every level of values.yaml', async t => {
  const values = parse(
    await fs.readFile(path.join(chartDir, 'values.yaml'), 'utf8'),
  );
  /** @type {string[]} */
  const closed = [''];
  /** @param {unknown} node @param {string} at */
  const walk = (node, at) => {
    for (const [k, v] of Object.entries(/** @type {object} */ (node))) {
      const p = at ? `${at}.${k}` : k;
      if (
        v &&
        typeof v === 'object' &&
        !Array.isArray(v) &&
        !OPEN_MAPS.includes(p)
      ) {
        closed.push(p);
        walk(v, p);
      }
    }
  };
  walk(values, '');
  assert.ok(closed.length > 15, `found the nested maps (${closed.length})`);
  /**
   * @param {string} at a dotted path
   * @param {unknown} leaf
   * @returns {Record<string, unknown>}
   */
  const nest = (at, leaf) =>
    /** @type {Record<string, unknown>} */ (
      at.split('.').reduceRight((inner, key) => ({ [key]: inner }), leaf)
    );
  /** @param {string} at */
  const escape = at => at.replace(/[.[\]]/g, m => `\\${m}`);
  for (const at of closed) {
    await t.test(at || '(top level)', () =>
      assertRefused(
        [MINIMAL, at ? nest(at, { tpyo: 1 }) : { tpyo: 1 }],
        new RegExp(
          `unknown value ${escape(at ? `${at}.` : '')}tpyo \\(a typo\\?\\)`,
        ),
      ),
    );
  }
  for (const [item, at] of LIST_ITEMS) {
    await t.test(at, async () => {
      await render([MINIMAL, item]); // the item as it is renders
      const withTypo = structuredClone(item);
      const target = at
        .split(/[.[\]]/)
        .filter(Boolean)
        .reduce((/** @type {any} */ o, k) => o[k], withTypo);
      target.tpyo = 1;
      await assertRefused(
        [MINIMAL, withTypo],
        new RegExp(`unknown value ${escape(`${at}.`)}tpyo`),
      );
    });
  }
  // free maps take any key
  const free = manifests(
    await render([
      MINIMAL,
      { podAnnotations: { tpyo: 'x' }, appConfig: { tpyo: 1 } },
    ]),
  );
  assert.equal(
    one(free, 'Deployment').spec.template.metadata.annotations.tpyo,
    'x',
  );
  // podAnnotations cannot replace the config checksum
  const pinned = one(
    manifests(
      await render([MINIMAL, { podAnnotations: { 'checksum/config': 'x' } }]),
    ),
    'Deployment',
  ).spec.template.metadata.annotations['checksum/config'];
  assert.match(pinned, /^[0-9a-f]{64}$/);
  assert.equal(appConfig(free).tpyo, 1);
});

test('README documents every value of values.yaml', async () => {
  const values = parse(
    await fs.readFile(path.join(chartDir, 'values.yaml'), 'utf8'),
  );
  const readme = await fs.readFile(path.join(chartDir, 'README.md'), 'utf8');
  /** @type {string[]} */
  const leaves = [];
  /** @param {unknown} node @param {string} at */
  const walk = (node, at) => {
    if (
      node &&
      typeof node === 'object' &&
      !Array.isArray(node) &&
      Object.keys(node).length
    ) {
      for (const [k, v] of Object.entries(node)) walk(v, at ? `${at}.${k}` : k);
    } else {
      leaves.push(at);
    }
  };
  walk(values, '');
  // nested maps that are documented as one value (their defaults are shown whole)
  const whole = [
    'podSecurityContext',
    'containerSecurityContext',
    'startupProbe',
    'readinessProbe',
    'livenessProbe',
    'resources',
    'strategy',
    'postgresql.cnpg.resources',
    'postgresql.cnpg.parameters',
  ];
  const documented = new Set(
    [...readme.matchAll(/^\| `([^`]+)` \|/gm)].map(m => m[1]),
  );
  const missing = [
    ...new Set(
      leaves.map(
        leaf => whole.find(w => leaf === w || leaf.startsWith(`${w}.`)) ?? leaf,
      ),
    ),
  ].filter(key => !documented.has(key));
  assert.deepEqual(missing, [], 'values without a row in README.md');
  const stale = [...documented].filter(
    key => !leaves.some(leaf => leaf === key || leaf.startsWith(`${key}.`)),
  );
  assert.deepEqual(stale, [], 'README rows for values that do not exist');
});

test("Backstage's config loader reads what the pods would: the image's configs, then the chart's, with the Secrets' values", async () => {
  const CA = [
    '-----BEGIN CERTIFICATE-----',
    'MIIBtest',
    '-----END CERTIFICATE-----',
  ].join('\n');
  const CA_KEY = 'the-ca-private-key-never-reaches-the-portal';

  // Ingress + external Postgres + OIDC + a cluster
  const a = manifests(await render([INGRESS_SET]));
  const portalA = await loadPortalConfig({
    deployment: one(a, 'Deployment'),
    configMap: one(a, 'ConfigMap'),
    repoRoot,
    secrets: {
      'launchpad-postgres': {
        username: 'portal_user',
        password: 'pg-password-a',
      },
      'launchpad-postgres-ca': { 'ca.crt': CA },
      'launchpad-auth': { 'session-secret': 'session-secret-a' },
      'launchpad-oidc': {
        'client-id': 'oidc-client',
        'client-secret': 'oidc-secret-a',
      },
      'launchpad-k8s-eu-prod': { token: 'k8s-token-a', 'ca.crt': CA },
    },
  });
  assert.deepEqual(portalA.files, [
    '../../app-config.yaml',
    '../../app-config.production.yaml',
    '/config/app-config.extra.yaml',
  ]);
  const ca = portalA.config;
  for (const key of ['app.baseUrl', 'backend.baseUrl', 'backend.cors.origin'])
    assert.equal(ca.getString(key), 'https://portal.northwind.example', key);
  assert.equal(ca.getBoolean('launchpad.localMode'), false);
  assert.deepEqual(ca.get('backend.database.connection'), {
    host: 'pg.db.northwind.example',
    port: '5432',
    user: 'portal_user',
    password: 'pg-password-a',
    database: 'launchpad',
    ssl: { ca: CA, rejectUnauthorized: true },
  });
  assert.equal(ca.getString('backend.database.pluginDivisionMode'), 'schema');
  assert.equal(ca.getString('backend.workingDirectory'), '/workspace');
  assert.equal(ca.getString('gitHosting.root'), '/data/git');
  assert.equal(ca.getString('auth.session.secret'), 'session-secret-a');
  assert.deepEqual(ca.get('auth.providers.oidc.production'), {
    title: 'Northwind SSO',
    metadataUrl:
      'https://sso.northwind.example/realms/northwind/.well-known/openid-configuration',
    clientId: 'oidc-client',
    clientSecret: 'oidc-secret-a',
    prompt: 'auto',
  });
  assert.deepEqual(
    ca.getConfig('auth.providers').keys(),
    ['oidc'],
    'no guest, no GitHub',
  );
  assert.deepEqual(ca.get('kubernetes.clusterLocatorMethods'), [
    {
      type: 'config',
      clusters: [
        {
          name: 'eu-prod',
          environment: 'prod',
          url: 'https://k8s.prod.northwind.example',
          authProvider: 'serviceAccount',
          serviceAccountToken: 'k8s-token-a',
          caFile: '/etc/launchpad/clusters/eu-prod/ca.crt',
        },
      ],
    },
  ]);
  assert.deepEqual(ca.getStringArray('catalog.allowedLocationTypes'), ['url']);

  // Gateway + CloudNativePG + GitHub + extra config
  const b = manifests(await render([GATEWAY_SET]));
  const cluster = one(b, 'Cluster').metadata.name;
  const portalB = await loadPortalConfig({
    deployment: one(b, 'Deployment'),
    configMap: one(b, 'ConfigMap'),
    repoRoot,
    secrets: {
      [`${cluster}-app`]: {
        host: `${cluster}-rw`,
        port: '5432',
        dbname: 'launchpad',
        username: 'launchpad',
        password: 'pg-password-b',
        user: 'launchpad',
        uri: 'postgresql://x',
        'jdbc-uri': 'jdbc:x',
        pgpass: 'x',
      },
      [`${cluster}-ca`]: { 'ca.crt': CA, 'ca.key': CA_KEY },
      'launchpad-github': {
        'client-id': 'gh-client',
        'client-secret': 'gh-secret-b',
      },
      'launchpad-ci': { 'catalog-token': 'ci-token-b' },
    },
  });
  const cb = portalB.config;
  assert.equal(
    cb.getString('app.baseUrl'),
    'https://portal.apps.northwind.example',
  );
  assert.deepEqual(cb.get('backend.database.connection'), {
    host: `${cluster}-rw`,
    port: '5432',
    user: 'launchpad',
    password: 'pg-password-b',
    database: 'launchpad',
    ssl: { ca: CA, rejectUnauthorized: true },
  });
  assert.deepEqual(cb.get('auth.providers'), {
    github: {
      production: { clientId: 'gh-client', clientSecret: 'gh-secret-b' },
    },
  });
  assert.deepEqual(cb.get('catalog.locations'), [
    {
      type: 'url',
      target:
        'https://git.northwind.example/platform/catalog/blob/main/all.yaml',
    },
  ]);
  const access = /** @type {any[]} */ (cb.get('backend.auth.externalAccess'));
  assert.equal(access[0].options.token, 'ci-token-b');
  assert.deepEqual(cb.getStringArray('launchpad.permissions.admins'), [
    'group:default/platform',
    'group:default/sre',
  ]);
  assert.deepEqual(
    cb.get('kubernetes.clusterLocatorMethods'),
    [{ type: 'config', clusters: [] }],
    'no demo clusters',
  );
  // the CA's private key is in the same Secret, and nowhere in the portal
  assert.equal(Object.values(portalB.env).includes(CA_KEY), false);
  assert.equal(JSON.stringify(cb.get()).includes(CA_KEY), false);

  // a server without TLS, or one not verified, only when asked
  for (const [ssl, expected] of /** @type {const} */ ([
    [{ enabled: false }, false],
    [{ rejectUnauthorized: false }, { rejectUnauthorized: false }],
  ])) {
    const docs = manifests(
      await render([MINIMAL, { postgresql: { external: { ssl } } }]),
    );
    const { config } = await loadPortalConfig({
      deployment: one(docs, 'Deployment'),
      configMap: one(docs, 'ConfigMap'),
      repoRoot,
      secrets: { 'launchpad-pg': { username: 'u', password: 'p' } },
    });
    assert.deepEqual(config.get('backend.database.connection.ssl'), expected);
  }

  // a Secret the Deployment names but the cluster lacks is a clear error
  await assert.rejects(
    loadPortalConfig({
      deployment: one(a, 'Deployment'),
      configMap: one(a, 'ConfigMap'),
      repoRoot,
      secrets: {},
    }),
    /POSTGRES_USER: Secret launchpad-postgres has no key username/,
  );
});
