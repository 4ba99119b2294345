// @ts-check
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import { test } from 'node:test';
import { validateKubernetesManifests } from './index.mjs';

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
