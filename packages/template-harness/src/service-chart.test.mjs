// @ts-check
// The service standard's Helm chart (node-service golden output, the same
// chart every service gets) with its options on and off: monitoring
// (ServiceMonitor + the metrics port), Ingress or Gateway API HTTPRoute,
// egress NetworkPolicy. Every rendering is validated strictly (Kubernetes
// schemas, the vendored prometheus-operator and Gateway API CRDs, deprecated
// fields as errors); hostile values are refused by the render, as a class.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { renderHelmChart } from './helm.mjs';
import { validateKubernetesManifests } from './kubernetes.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const chartDir = path.join(
  root,
  'templates/node-service/golden/loyalty-service/charts/loyalty-service',
);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'service-chart-test-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const DIGEST = { image: { digest: `sha256:${'a'.repeat(64)}` } };
let counter = 0;

/**
 * Renders with values-<env>.yaml, a digest and `values`; returns the YAML text.
 * @param {Record<string, unknown>} values
 * @param {string} [env]
 */
async function renderWith(values, env = 'prod') {
  const file = path.join(work, `values-${++counter}.yaml`);
  fs.writeFileSync(file, stringify({ ...DIGEST, ...values }));
  return renderHelmChart(chartDir, [`values-${env}.yaml`, file], {
    releaseName: 'loyalty-service',
    namespace: `checkout-${env}`,
  });
}

/** @param {string} text @returns {any[]} */
const docs = text =>
  parseAllDocuments(text)
    .map((/** @type {any} */ d) => d.toJS())
    .filter(Boolean);
/** @param {any[]} all @param {string} kind */
const ofKind = (all, kind) =>
  all.filter((/** @type {any} */ d) => d.kind === kind);

/**
 * Renders and validates; returns the parsed documents.
 * @param {Record<string, unknown>} values
 * @param {string} [env]
 * @returns {Promise<any[]>}
 */
async function valid(values, env) {
  const text = await renderWith(values, env);
  assert.deepEqual(
    await validateKubernetesManifests(text, {
      source: 'test',
      rejectDeprecated: true,
    }),
    [],
  );
  return docs(text);
}

describe('service chart: monitoring', () => {
  for (const env of ['dev', 'stage', 'prod']) {
    it(`${env}: a ServiceMonitor on the Service's metrics port, reachable from Prometheus only`, async () => {
      const all = await valid({}, env);
      const [monitor] = ofKind(all, 'ServiceMonitor');
      const [service] = ofKind(all, 'Service');
      const [deployment] = ofKind(all, 'Deployment');
      const [policy] = ofKind(all, 'NetworkPolicy');
      assert.deepEqual(
        monitor.spec.selector.matchLabels,
        service.spec.selector,
      );
      assert.deepEqual(
        monitor.spec.endpoints.map((/** @type {any} */ e) => [e.port, e.path]),
        [['metrics', '/metrics']],
      );
      assert.deepEqual(
        service.spec.ports.map((/** @type {any} */ p) => [
          p.name,
          p.targetPort,
        ]),
        [
          ['http', 'http'],
          ['metrics', 'metrics'],
        ],
      );
      const container = deployment.spec.template.spec.containers[0];
      assert.deepEqual(
        container.ports.map((/** @type {any} */ p) => [
          p.name,
          p.containerPort,
        ]),
        [
          ['http', 8080],
          ['metrics', 9090],
        ],
      );
      assert.ok(
        container.env.some(
          (/** @type {any} */ e) =>
            e.name === 'METRICS_PORT' && e.value === '9090',
        ),
      );
      const [http, metrics] = policy.spec.ingress;
      assert.deepEqual(
        http.ports.map((/** @type {any} */ p) => p.port),
        ['http'],
      );
      assert.deepEqual(
        metrics.ports.map((/** @type {any} */ p) => p.port),
        ['metrics'],
      );
      assert.deepEqual(metrics.from, [
        {
          namespaceSelector: {
            matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
          },
        },
      ]);
      assert.deepEqual(policy.spec.policyTypes, ['Ingress']);
    });
  }

  it('before the first image too (no workload, the ServiceMonitor waits for pods)', async () => {
    const text = await renderHelmChart(chartDir, ['values-dev.yaml'], {
      releaseName: 'loyalty-service',
      namespace: 'checkout-dev',
    });
    assert.deepEqual(
      await validateKubernetesManifests(text, {
        source: 'test',
        rejectDeprecated: true,
      }),
      [],
    );
    assert.deepEqual(
      docs(text)
        .map((/** @type {any} */ d) => d.kind)
        .sort(),
      ['NetworkPolicy', 'Service', 'ServiceAccount', 'ServiceMonitor'],
    );
  });

  it('off: no ServiceMonitor and the metrics port opened to nobody', async () => {
    const all = await valid({ monitoring: { enabled: false } });
    assert.equal(ofKind(all, 'ServiceMonitor').length, 0);
    assert.equal(ofKind(all, 'NetworkPolicy')[0].spec.ingress.length, 1);
  });

  it('labels for the Prometheus selector', async () => {
    const all = await valid({
      monitoring: { labels: { release: 'kube-prometheus-stack' } },
    });
    assert.equal(
      ofKind(all, 'ServiceMonitor')[0].metadata.labels.release,
      'kube-prometheus-stack',
    );
  });
});

describe('service chart: Ingress or HTTPRoute, never the metrics port', () => {
  it('is off by default', async () => {
    const all = await valid({});
    assert.equal(
      ofKind(all, 'Ingress').length + ofKind(all, 'HTTPRoute').length,
      0,
    );
  });

  it('Ingress: every path of the host to the http port', async () => {
    const all = await valid({
      ingress: {
        enabled: true,
        host: 'loyalty.example.com',
        tlsSecretName: 'loyalty-tls',
      },
    });
    const [ingress] = ofKind(all, 'Ingress');
    assert.deepEqual(
      ingress.spec.rules.map((/** @type {any} */ r) => r.host),
      ['loyalty.example.com'],
    );
    const backends = ingress.spec.rules.flatMap((/** @type {any} */ r) =>
      r.http.paths.map((/** @type {any} */ p) => p.backend.service),
    );
    assert.deepEqual(backends, [
      { name: 'loyalty-service', port: { name: 'http' } },
    ]);
    assert.deepEqual(ingress.spec.tls, [
      { hosts: ['loyalty.example.com'], secretName: 'loyalty-tls' },
    ]);
  });

  it('HTTPRoute (Gateway API v1): every path of the hostnames to the Service port of http', async () => {
    const all = await valid({
      httpRoute: {
        enabled: true,
        hostnames: ['loyalty.example.com'],
        parentRefs: [
          { name: 'public', namespace: 'gateway-system', sectionName: 'https' },
        ],
      },
    });
    const [route] = ofKind(all, 'HTTPRoute');
    const [service] = ofKind(all, 'Service');
    const httpPort = service.spec.ports.find(
      (/** @type {any} */ p) => p.name === 'http',
    ).port;
    assert.deepEqual(route.spec.hostnames, ['loyalty.example.com']);
    assert.deepEqual(
      route.spec.rules.flatMap((/** @type {any} */ r) => r.backendRefs),
      [{ name: 'loyalty-service', port: httpPort }],
    );
    assert.notEqual(
      httpPort,
      service.spec.ports.find((/** @type {any} */ p) => p.name === 'metrics')
        .port,
    );
  });

  /** @type {Record<string, [Record<string, unknown>, RegExp]>} */
  const refusals = {
    'both at once': [
      {
        ingress: { enabled: true, host: 'a.example.com' },
        httpRoute: {
          enabled: true,
          hostnames: ['a.example.com'],
          parentRefs: [{ name: 'gw' }],
        },
      },
      /both true/,
    ],
    'Ingress without a host': [
      { ingress: { enabled: true } },
      /ingress.host is required/,
    ],
    'HTTPRoute without hostnames': [
      { httpRoute: { enabled: true, parentRefs: [{ name: 'gw' }] } },
      /httpRoute.hostnames is required/,
    ],
    'HTTPRoute without a Gateway': [
      { httpRoute: { enabled: true, hostnames: ['a.example.com'] } },
      /httpRoute.parentRefs is required/,
    ],
  };
  for (const [name, [values, message]] of Object.entries(refusals)) {
    it(`refuses ${name}`, async () => {
      await assert.rejects(
        renderWith(values),
        error => (assert.match(String(error), message), true),
      );
    });
  }

  const hostileHosts = [
    'a b.example.com',
    'evil.example.com\nkind: Secret',
    'x.example.com"; y: "z',
    '*.example.com',
    'UPPER.example.com',
    '-lead.example.com',
    'localhost',
    'a.example.com/path',
    'a.example.com:443',
    'ünï.example.com',
    '{{ .Values }}',
    'a'.repeat(300),
  ];
  for (const host of hostileHosts) {
    it(`refuses the host ${JSON.stringify(
      host.slice(0, 40),
    )} for Ingress and HTTPRoute`, async () => {
      await assert.rejects(
        renderWith({ ingress: { enabled: true, host } }),
        /ingress.host must be a DNS name/,
      );
      await assert.rejects(
        renderWith({
          httpRoute: {
            enabled: true,
            hostnames: [host],
            parentRefs: [{ name: 'gw' }],
          },
        }),
        /httpRoute.hostnames must be DNS names/,
      );
    });
  }
});

describe('service chart: egress NetworkPolicy', () => {
  it('on: DNS, the own namespace and what is listed, nothing else', async () => {
    const all = await valid({
      networkPolicy: {
        egress: {
          enabled: true,
          namespaces: ['payments-prod'],
          cidrs: ['10.20.0.0/16', 'fd00::/8'],
        },
      },
    });
    const [policy] = ofKind(all, 'NetworkPolicy');
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    const [dns, own, namespace, cidr4, cidr6] = policy.spec.egress;
    assert.deepEqual(dns.to, [
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
        },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      },
    ]);
    assert.deepEqual(dns.ports, [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ]);
    assert.deepEqual(own.to, [{ podSelector: {} }]);
    assert.deepEqual(namespace.to, [
      {
        namespaceSelector: {
          matchLabels: { 'kubernetes.io/metadata.name': 'payments-prod' },
        },
      },
    ]);
    assert.deepEqual(
      [cidr4.to, cidr6.to],
      [
        [{ ipBlock: { cidr: '10.20.0.0/16' } }],
        [{ ipBlock: { cidr: 'fd00::/8' } }],
      ],
    );
    assert.equal(policy.spec.egress.length, 5);
  });

  it('on with nothing listed: DNS and the own namespace only', async () => {
    const all = await valid(
      { networkPolicy: { egress: { enabled: true } } },
      'dev',
    );
    assert.equal(ofKind(all, 'NetworkPolicy')[0].spec.egress.length, 2);
  });

  const hostileCidrs = [
    'not-a-cidr',
    '10.0.0.0',
    '10.0.0.0/16\n- to: []',
    '10.0.0.0/16; rm -rf /',
    '',
    ' 10.0.0.0/8',
    'https://10.0.0.0/8',
  ];
  for (const cidr of hostileCidrs) {
    it(`refuses the CIDR ${JSON.stringify(cidr)}`, async () => {
      await assert.rejects(
        renderWith({
          networkPolicy: { egress: { enabled: true, cidrs: [cidr] } },
        }),
        /egress.cidrs must be CIDRs/,
      );
    });
  }
  const hostileNamespaces = [
    'Payments',
    'a b',
    'x\n  podSelector: {}',
    '-x',
    'a'.repeat(64),
    '',
    '{{ .Release.Name }}',
    'ns/other',
  ];
  for (const namespace of hostileNamespaces) {
    it(`refuses the namespace ${JSON.stringify(
      namespace.slice(0, 40),
    )}`, async () => {
      await assert.rejects(
        renderWith({
          networkPolicy: { egress: { enabled: true, namespaces: [namespace] } },
        }),
        /egress.namespaces must be namespace names/,
      );
    });
  }
});
