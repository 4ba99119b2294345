// @ts-check
// Rendering and reading the portal chart (deploy/helm/launchpad) for its test,
// packages/template-harness/src/portal-chart.test.mjs: the golden paths' Helm
// engine (renderHelmChart) and validators, the HTTPRoute by its CRD schema.
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { renderHelmChart } from '../../../packages/template-harness/src/helm.mjs';
import { validateKubernetesManifests } from '../../../packages/template-harness/src/kubernetes.mjs';
import { validateHttpRoute } from './gateway-api.mjs';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const chartDir = fileURLToPath(
  new URL('../launchpad/', import.meta.url),
);
export const INGRESS_SET = 'ci/ingress-external-postgres-values.yaml';
export const GATEWAY_SET = 'ci/gateway-cnpg-values.yaml';
export const RELEASE = { releaseName: 'portal', namespace: 'launchpad' };

/** @type {Promise<string> | undefined} */
let tmpDir;
let counter = 0;

/** Removes the temp folder of the value files written by render(). */
export async function cleanup() {
  if (tmpDir) await fs.rm(await tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

/**
 * Renders the chart with value files of the chart (strings) and value
 * objects (written to temp files), merged in order after values.yaml.
 *
 * @param {(string | Record<string, unknown>)[]} sets
 * @param {import('../../../packages/template-harness/src/helm.mjs').RenderOptions} [options]
 * @returns {Promise<string>}
 */
export async function render(sets, options = {}) {
  /** @type {string[]} */
  const files = [];
  for (const set of sets) {
    if (typeof set === 'string') {
      files.push(set);
    } else {
      tmpDir ??= fs.mkdtemp(path.join(os.tmpdir(), 'portal-chart-'));
      const file = path.join(await tmpDir, `values-${++counter}.yaml`);
      await fs.writeFile(file, stringify(set));
      files.push(file);
    }
  }
  return renderHelmChart(chartDir, files, { ...RELEASE, ...options });
}

/**
 * @param {string} rendered
 * @returns {Record<string, any>[]}
 */
export function manifests(rendered) {
  return parseAllDocuments(rendered)
    .map(d => d.toJS())
    .filter(Boolean);
}

/**
 * @param {Record<string, any>[]} docs
 * @param {string} kind
 * @returns {Record<string, any>[]}
 */
export function ofKind(docs, kind) {
  return docs.filter(d => d.kind === kind);
}

/**
 * @param {Record<string, any>[]} docs
 * @param {string} kind
 * @returns {Record<string, any>}
 */
export function one(docs, kind) {
  const found = ofKind(docs, kind);
  assert.equal(found.length, 1, `exactly one ${kind}`);
  return found[0];
}

/**
 * Every document valid: HTTPRoutes against the Gateway API schema, the
 * rest through the harness's validator.
 *
 * @param {string} rendered
 * @param {string} source
 * @returns {Promise<string[]>}
 */
export async function validate(rendered, source) {
  const chunks = rendered.split(/^---\n/m).filter(c => c.trim());
  /** @type {string[]} */
  const errors = [];
  const others = [];
  for (const chunk of chunks) {
    const doc = parse(chunk);
    if (doc?.apiVersion?.startsWith('gateway.networking.k8s.io/')) {
      for (const e of validateHttpRoute(doc))
        errors.push(`${doc.kind} ${doc.metadata?.name}: ${e}`);
    } else {
      others.push(chunk);
    }
  }
  const found = await validateKubernetesManifests(
    others.map(c => `---\n${c}`).join(''),
    // deprecated CloudNativePG fields (the in-tree barmanObjectStore) are errors too
    { source, rejectDeprecated: true },
  );
  for (const e of found) errors.push(`${e.kind} ${e.name}: ${e.message}`);
  return errors;
}

/**
 * @param {Record<string, any>} deployment
 * @returns {Record<string, any>}
 */
export function portalContainer(deployment) {
  const containers = deployment.spec.template.spec.containers;
  assert.equal(containers.length, 1);
  return containers[0];
}

/**
 * @param {Record<string, any>[]} docs
 * @returns {Record<string, any>}
 */
export function appConfig(docs) {
  return parse(one(docs, 'ConfigMap').data['app-config.extra.yaml']);
}

/**
 * @param {Record<string, string>} selector
 * @param {Record<string, string> | undefined} labels
 * @returns {boolean}
 */
export function selects(selector, labels) {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * @param {string} rendered
 * @returns {string}
 */
export function checksum(rendered) {
  return one(manifests(rendered), 'Deployment').spec.template.metadata
    .annotations['checksum/config'];
}

/**
 * Renders and expects a failure whose message matches.
 *
 * @param {(string | Record<string, unknown>)[]} sets
 * @param {RegExp} message
 */
export async function assertRefused(sets, message) {
  await assert.rejects(render(sets), error => {
    assert.ok(error instanceof Error);
    assert.match(error.message, message);
    return true;
  });
}
