// @ts-check
// validateHttpRoute: checks an HTTPRoute (gateway.networking.k8s.io/v1)
// against the standard-channel CRD schema of Gateway API v1.2.1, strictly.
//
// The template harness (packages/template-harness/src/kubernetes.mjs) has
// schemas for the Kubernetes API, Argo CD and CloudNativePG, not Gateway API,
// so the portal chart's test validates its HTTPRoute here: ajv on the CRD's
// openAPIV3Schema (types, enums, required fields, lengths, patterns, list
// sizes), with unknown fields refused like `kubectl apply --validate=strict`
// (every object schema that lists properties and does not preserve unknown
// fields gets additionalProperties: false). CEL rules
// (x-kubernetes-validations) are not evaluated.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';

const schemaFile = new URL(
  './gateway.networking.k8s.io_v1_HTTPRoute.json',
  import.meta.url,
);

/**
 * @param {unknown} node
 * @returns {unknown}
 */
function strict(node) {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-') || key === '$comment') continue;
    out[key] = key === 'properties' ? mapValues(value, strict) : strict(value);
  }
  const src = /** @type {Record<string, unknown>} */ (node);
  if (
    src.properties &&
    !('additionalProperties' in src) &&
    !src['x-kubernetes-preserve-unknown-fields']
  ) {
    out.additionalProperties = false;
  }
  return out;
}

/**
 * @param {unknown} obj
 * @param {(v: unknown) => unknown} fn
 */
function mapValues(obj, fn) {
  return Object.fromEntries(
    Object.entries(/** @type {Record<string, unknown>} */ (obj)).map(
      ([k, v]) => [k, fn(v)],
    ),
  );
}

/** @type {import('ajv').ValidateFunction | undefined} */
let validate;

/**
 * @param {Record<string, any>} route a parsed HTTPRoute document
 * @returns {string[]} what is wrong, each with the field path ([] when valid)
 */
export function validateHttpRoute(route) {
  validate ??= new Ajv({
    allErrors: true,
    strict: false,
    validateFormats: false,
  }).compile(
    /** @type {object} */ (
      strict(JSON.parse(readFileSync(schemaFile, 'utf8')))
    ),
  );
  /** @type {string[]} */
  const errors = [];
  if (route.apiVersion !== 'gateway.networking.k8s.io/v1')
    errors.push(`apiVersion: expected gateway.networking.k8s.io/v1`);
  if (route.kind !== 'HTTPRoute') errors.push(`kind: expected HTTPRoute`);
  if (typeof route.metadata?.name !== 'string' || !route.metadata.name)
    errors.push('metadata.name: missing required field "name"');
  if (!validate(route)) {
    for (const e of validate.errors ?? []) {
      const at = e.instancePath.split('/').slice(1).join('.') || '(root)';
      const extra =
        e.keyword === 'additionalProperties'
          ? `: unknown field "${e.params.additionalProperty}"`
          : e.keyword === 'enum'
          ? `: ${e.params.allowedValues.map(String).join(', ')}`
          : '';
      errors.push(`${at}: ${e.message}${extra}`);
    }
  }
  return errors;
}
