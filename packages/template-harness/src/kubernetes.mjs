// @ts-check
// validateKubernetesManifests: every YAML document must be a known kind and
// valid against its schema, strictly (unknown fields are errors).
//
// Schemas, offline:
//  - kubernetes-models: the Kubernetes API (core v1, apps/v1, autoscaling/v2,
//    policy/v1, networking.k8s.io/v1, rbac.authorization.k8s.io/v1, ...);
//  - @kubernetes-models/argo-cd: argoproj.io/v1alpha1 (Application, ApplicationSet, AppProject);
//  - the upstream CRD files under crds/ (see crds/README.md): CloudNativePG
//    postgresql.cnpg.io/v1 (Cluster, ScheduledBackup, Backup, ImageCatalog,
//    ClusterImageCatalog, Pooler, Database), the Barman Cloud plugin's barmancloud.cnpg.io/v1
//    ObjectStore, prometheus-operator's monitoring.coreos.com/v1 PodMonitor and
//    ServiceMonitor, and Gateway API's gateway.networking.k8s.io/v1 HTTPRoute.
//    A vendored CRD wins over a package for the same group.
// Each kubernetes-models model ships an ajv validator compiled from the
// OpenAPI/CRD schema (types, enums, required fields, formats); for vendored
// CRDs ajv compiles the CRD's openAPIV3Schema here. Those schemas, like the
// API server's, let unknown fields through (the server prunes them), so a
// second pass reports every field the schema does not declare (like
// `kubectl apply --validate=strict`): for models, from the model's TypeScript
// declaration read with the TypeScript compiler API (an object type with
// declared properties and no index signature accepts only those); for CRDs,
// from the structural schema itself (`properties` without
// `additionalProperties` or `x-kubernetes-preserve-unknown-fields`).
// CEL rules (`x-kubernetes-validations`) are not evaluated.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import ts from 'typescript';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';

/**
 * @typedef {object} ManifestError
 * @property {string} source  the `source` option (e.g. the file the YAML came from)
 * @property {string} kind    the document's kind ("" when it has none)
 * @property {string} name    metadata.name ("" when it has none)
 * @property {string} message what is wrong, with the field path and YAML line
 */

/**
 * @typedef {object} ModelInfo
 * @property {string} kind
 * @property {(data: Record<string, unknown>) => unknown[] | null} validate ajv errors or null
 * @property {(data: Record<string, unknown>) => (string | number)[][] | null} unknownFields
 *   paths of fields the schema does not declare, or null when the declaration cannot be read
 * @property {string} schemaName what the schema is (for the "cannot read" error)
 */

const packageDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

/** API groups served by kubernetes-models ("" is the core group). */
const KUBERNETES_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'extensions',
]);

/** CRD groups and the package holding their models (vendored CRDs under crds/ come first). */
const CRD_PACKAGES = /** @type {Record<string, string>} */ ({
  'argoproj.io': '@kubernetes-models/argo-cd',
});

/**
 * @param {string} apiVersion
 * @param {string} kind
 * @returns {string | null} the model module for a kind, or null when no package has its group
 */
export function modelSpecifier(apiVersion, kind) {
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
  const m =
    /^(?:([a-z0-9][a-z0-9.-]*)\/)?(v[0-9]+(?:(?:alpha|beta)[0-9]+)?)$/.exec(
      apiVersion,
    );
  if (!m) return null;
  const group = m[1] ?? '';
  const version = m[2];
  if (CRD_PACKAGES[group])
    return `${CRD_PACKAGES[group]}/${group}/${version}/${kind}`;
  if (KUBERNETES_GROUPS.has(group) || group.endsWith('.k8s.io')) {
    return group
      ? `kubernetes-models/${group}/${version}/${kind}`
      : `kubernetes-models/${version}/${kind}`;
  }
  return null;
}

/** @type {Map<string, Promise<ModelInfo | null>>} */
const modelCache = new Map();

/**
 * @param {string} apiVersion
 * @param {string} kind
 * @returns {Promise<ModelInfo | null>}
 */
function loadModel(apiVersion, kind) {
  const key = `${apiVersion} ${kind}`;
  let promise = modelCache.get(key);
  if (!promise) {
    promise = (async () => {
      const crd = crdSchemas().get(key);
      if (crd) return crdModel(kind, crd);
      const specifier = modelSpecifier(apiVersion, kind);
      if (!specifier) return null;
      /** @type {Record<string, any>} */
      let mod;
      try {
        mod = await import(specifier);
      } catch (error) {
        const code = /** @type {{ code?: string }} */ (error).code;
        if (
          code === 'ERR_MODULE_NOT_FOUND' ||
          code === 'ERR_PACKAGE_PATH_NOT_EXPORTED'
        )
          return null;
        throw error;
      }
      const Model = mod[kind];
      // the module must be the resource itself (not e.g. a DeploymentSpec helper type)
      if (
        typeof Model !== 'function' ||
        Model.kind !== kind ||
        Model.apiVersion !== apiVersion
      )
        return null;
      return {
        kind,
        schemaName: specifier,
        unknownFields: data => {
          const declared = declaredType(specifier);
          if (!declared) return null;
          /** @type {(string | number)[][]} */
          const unknown = [];
          findUnknownFields(declared.checker, declared.type, data, [], unknown);
          return unknown;
        },
        validate: data => {
          try {
            new Model(data).validate();
            return null;
          } catch (error) {
            const errors =
              /** @type {{ errors?: unknown[], details?: unknown[] }} */ (
                error
              );
            const list = errors.errors ?? errors.details;
            if (Array.isArray(list)) return list;
            return [
              {
                instancePath: '',
                message: error instanceof Error ? error.message : String(error),
              },
            ];
          }
        },
      };
    })();
    modelCache.set(key, promise);
  }
  return promise;
}

// ---- vendored CRDs (crds/**/*.yaml) ----

const CRD_DIR = path.join(packageDir, 'crds');

/**
 * @typedef {object} CrdSchema
 * @property {Record<string, any>} schema the version's openAPIV3Schema
 * @property {string} file               the CRD file, relative to the package
 */

/** @type {Map<string, CrdSchema> | undefined} */
let crdSchemaIndex;

/**
 * "<group>/<version> <Kind>" -> the served version's schema, from every
 * CustomResourceDefinition in crds/ (read once).
 * @returns {Map<string, CrdSchema>}
 */
export function crdSchemas() {
  if (crdSchemaIndex) return crdSchemaIndex;
  /** @type {Map<string, CrdSchema>} */
  const index = new Map();
  const files = existsSync(CRD_DIR)
    ? readdirSync(CRD_DIR, { recursive: true })
        .map(String)
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
    : [];
  for (const file of files) {
    const text = readFileSync(path.join(CRD_DIR, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const { group, names, versions } = crd.spec ?? {};
      for (const version of versions ?? []) {
        const schema = version.schema?.openAPIV3Schema;
        if (!version.served || !schema) continue;
        const key = `${group}/${version.name} ${names.kind}`;
        if (index.has(key))
          throw new Error(`crds/${file}: ${key} is defined twice in crds/`);
        index.set(key, { schema, file: `crds/${file}` });
      }
    }
  }
  crdSchemaIndex = index;
  return index;
}

/** Kubernetes OpenAPI formats ajv does not know; the API server checks none of them. */
const OPENAPI_FORMATS = [
  'int32',
  'int64',
  'float',
  'double',
  'byte',
  'binary',
  'password',
  'quantity',
  'duration',
];

/** @type {Ajv | undefined} */
let crdAjv;

function ajvForCrds() {
  if (!crdAjv) {
    crdAjv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    // ajv-formats is CommonJS: its plugin is the default export's `default`.
    const addFormats = /** @type {typeof ajvFormats.default} */ (
      /** @type {any} */ (ajvFormats).default ?? ajvFormats
    );
    addFormats(crdAjv);
    for (const format of OPENAPI_FORMATS) crdAjv.addFormat(format, true);
  }
  return crdAjv;
}

/**
 * The parts of metadata the CRD schemas leave to the API server (they say
 * only `type: object`): what a manifest in git gets wrong in practice.
 */
const OBJECT_META_SCHEMA = {
  type: 'object',
  properties: {
    name: {
      type: 'string',
      maxLength: 253,
      pattern:
        '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    },
    generateName: { type: 'string' },
    namespace: {
      type: 'string',
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    },
    labels: {
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 63 },
    },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

/**
 * A model backed by a vendored CRD's openAPIV3Schema.
 * @param {string} kind
 * @param {CrdSchema} crd
 * @returns {ModelInfo}
 */
function crdModel(kind, crd) {
  /** @type {import('ajv').ValidateFunction | undefined} */
  let compiled;
  return {
    kind,
    schemaName: crd.file,
    validate: data => {
      if (!compiled) {
        const root = {
          ...crd.schema,
          properties: {
            ...crd.schema.properties,
            metadata: OBJECT_META_SCHEMA,
          },
        };
        compiled = ajvForCrds().compile(root);
      }
      return compiled(data) ? null : [...(compiled.errors ?? [])];
    },
    unknownFields: data => {
      /** @type {(string | number)[][]} */
      const unknown = [];
      const { metadata: _metadata, ...rest } = data;
      findUnknownSchemaFields(crd.schema, rest, [], unknown);
      return unknown;
    },
  };
}

/**
 * Collects the paths of fields a structural schema does not declare: the API
 * server would prune them without a word, so in git they are mistakes.
 *
 * @param {Record<string, any> | undefined} schema
 * @param {unknown} value
 * @param {(string | number)[]} at
 * @param {(string | number)[][]} unknown
 */
function findUnknownSchemaFields(schema, value, at, unknown) {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items && typeof schema.items === 'object')
      value.forEach((item, i) =>
        findUnknownSchemaFields(schema.items, item, [...at, i], unknown),
      );
    return;
  }
  const open =
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    schema['x-kubernetes-embedded-resource'] === true ||
    schema.additionalProperties === true;
  const properties = schema.properties ?? {};
  const additional =
    schema.additionalProperties &&
    typeof schema.additionalProperties === 'object'
      ? schema.additionalProperties
      : undefined;
  for (const [key, child] of Object.entries(value)) {
    if (Object.hasOwn(properties, key))
      findUnknownSchemaFields(properties[key], child, [...at, key], unknown);
    else if (additional)
      findUnknownSchemaFields(additional, child, [...at, key], unknown);
    else if (!open) unknown.push([...at, key]);
  }
}

// ---- fields upstream has deprecated (still in the CRD, on their way out) ----

/**
 * @typedef {object} DeprecatedField
 * @property {string} apiVersion
 * @property {string} kind
 * @property {(data: Record<string, any>) => (string | number)[] | null} find the field's path when the object uses it
 * @property {string} text
 */

const BARMAN_PLUGIN =
  "back up through the Barman Cloud plugin instead (an ObjectStore of barmancloud.cnpg.io/v1, the Cluster's spec.plugins entry barman-cloud.cloudnative-pg.io, method: plugin)";

/** @type {DeprecatedField[]} */
const DEPRECATED_FIELDS = [
  {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    find: d =>
      d.spec?.backup?.barmanObjectStore !== undefined
        ? ['spec', 'backup', 'barmanObjectStore']
        : null,
    text: `the in-tree Barman Cloud support is deprecated since CloudNativePG 1.26 and being removed: ${BARMAN_PLUGIN}`,
  },
  {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    find: d =>
      d.spec?.backup?.retentionPolicy !== undefined
        ? ['spec', 'backup', 'retentionPolicy']
        : null,
    text: "deprecated since CloudNativePG 1.26: set the retention on the backup plugin (the ObjectStore's spec.retentionPolicy)",
  },
  {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    find: d =>
      d.spec?.monitoring?.enablePodMonitor === true
        ? ['spec', 'monitoring', 'enablePodMonitor']
        : null,
    text: 'deprecated by CloudNativePG: create a PodMonitor (monitoring.coreos.com/v1) for the cluster instead',
  },
  ...['ScheduledBackup', 'Backup'].map(kind => ({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind,
    /** @param {Record<string, any>} d */
    find: d =>
      (d.spec?.method ?? 'barmanObjectStore') === 'barmanObjectStore'
        ? ['spec', 'method']
        : null,
    text: `barmanObjectStore (also the default when method is not set) is the deprecated in-tree Barman Cloud support: ${BARMAN_PLUGIN}`,
  })),
];

/**
 * @param {string} apiVersion
 * @param {string} kind
 * @param {Record<string, any>} data
 * @returns {{ at: (string | number)[], text: string }[]}
 */
function deprecatedFields(apiVersion, kind, data) {
  /** @type {{ at: (string | number)[], text: string }[]} */
  const out = [];
  for (const rule of DEPRECATED_FIELDS) {
    if (rule.apiVersion !== apiVersion || rule.kind !== kind) continue;
    const at = rule.find(data);
    if (at) out.push({ at, text: rule.text });
  }
  return out;
}

// ---- strict field check on the models' TypeScript declarations ----

const VIRTUAL_FILE = path.join(packageDir, '__launchpad_k8s_models__.ts');

const compilerOptions = /** @type {ts.CompilerOptions} */ ({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
});

/** @type {Map<string, ts.SourceFile>} */
const sourceFileCache = new Map();
/** @type {string[]} */
let declaredSpecifiers = [];
/** @type {ts.Program | undefined} */
let program;

/**
 * @param {string[]} specifiers
 * @returns {string}
 */
function virtualSource(specifiers) {
  return specifiers
    .map(
      (s, i) =>
        `import type { I${s.split('/').pop()} as T${i} } from ${JSON.stringify(
          s,
        )};\nexport declare const v${i}: T${i};\n`,
    )
    .join('');
}

/**
 * The declared TypeScript type of a model's resource interface (e.g. IDeployment).
 * @param {string} specifier
 * @returns {{ checker: ts.TypeChecker, type: ts.Type } | null}
 */
function declaredType(specifier) {
  if (!declaredSpecifiers.includes(specifier)) {
    declaredSpecifiers = [...declaredSpecifiers, specifier];
    const text = virtualSource(declaredSpecifiers);
    const host = ts.createCompilerHost(compilerOptions, true);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName === VIRTUAL_FILE)
        return ts.createSourceFile(fileName, text, languageVersion, true);
      let sf = sourceFileCache.get(fileName);
      if (!sf) {
        sf = getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (sf) sourceFileCache.set(fileName, sf);
      }
      return sf;
    };
    const fileExists = host.fileExists.bind(host);
    host.fileExists = fileName =>
      fileName === VIRTUAL_FILE || fileExists(fileName);
    const readFile = host.readFile.bind(host);
    host.readFile = fileName =>
      fileName === VIRTUAL_FILE ? text : readFile(fileName);
    program = ts.createProgram({
      rootNames: [VIRTUAL_FILE],
      options: compilerOptions,
      host,
      oldProgram: program,
    });
  }
  const checker = /** @type {ts.Program} */ (program).getTypeChecker();
  const sf = /** @type {ts.Program} */ (program).getSourceFile(VIRTUAL_FILE);
  const index = declaredSpecifiers.indexOf(specifier);
  const symbol =
    sf &&
    checker
      .getSymbolAtLocation(sf)
      ?.exports?.get(/** @type {ts.__String} */ (`v${index}`));
  if (!symbol) return null;
  const type = checker.getTypeOfSymbol(symbol);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return null; // declaration not found
  return { checker, type };
}

/**
 * @param {ts.TypeChecker} checker
 * @param {ts.Type} type
 * @returns {ts.Type | undefined}
 */
function arrayElementType(checker, type) {
  if (checker.isArrayType(type) || checker.isTupleType(type)) {
    return checker.getTypeArguments(/** @type {ts.TypeReference} */ (type))[0];
  }
  return checker.getIndexTypeOfType(type, ts.IndexKind.Number);
}

/**
 * Collects the paths of fields that the declared type does not have.
 *
 * @param {ts.TypeChecker} checker
 * @param {ts.Type} declared
 * @param {unknown} value
 * @param {(string | number)[]} at
 * @param {(string | number)[][]} unknown
 */
function findUnknownFields(checker, declared, value, at, unknown) {
  if (value === null || typeof value !== 'object') return;
  const type = checker.getNonNullableType(declared);
  const members = type.isUnion() ? type.types : [type];
  if (members.some(t => t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)))
    return;
  if (Array.isArray(value)) {
    for (const t of members) {
      const element = arrayElementType(checker, t);
      if (element) {
        value.forEach((item, i) =>
          findUnknownFields(checker, element, item, [...at, i], unknown),
        );
        return;
      }
    }
    return; // wrong type: the schema validator reports it
  }
  const objects = members.filter(
    t =>
      t.flags & ts.TypeFlags.Object &&
      !checker.isArrayType(t) &&
      !checker.isTupleType(t),
  );
  if (!objects.length) return; // wrong type: the schema validator reports it
  for (const [key, child] of Object.entries(value)) {
    /** @type {ts.Type | undefined} */
    let childType;
    let open = false;
    for (const t of objects) {
      const prop = checker.getPropertyOfType(t, key);
      if (prop) {
        childType = checker.getTypeOfSymbol(prop);
        break;
      }
      const indexType = checker.getIndexTypeOfType(t, ts.IndexKind.String);
      if (indexType) {
        childType = indexType;
        break;
      }
      // `{}`: the schema keeps unknown fields (x-kubernetes-preserve-unknown-fields)
      if (checker.getPropertiesOfType(t).length === 0) open = true;
    }
    if (childType)
      findUnknownFields(checker, childType, child, [...at, key], unknown);
    else if (!open) unknown.push([...at, key]);
  }
}

// ---- YAML documents and messages ----

/**
 * @param {(string | number)[]} at
 * @returns {string}
 */
function dotted(at) {
  let out = '';
  for (const part of at) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(root)';
}

/**
 * @param {string} instancePath ajv's JSON pointer
 * @returns {(string | number)[]}
 */
function pointerToPath(instancePath) {
  return instancePath
    .split('/')
    .slice(1)
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map(p => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * The 1-based line of a field (its key when it is a mapping entry), or of the
 * nearest enclosing node that exists in the YAML.
 *
 * @param {import('yaml').Document} doc
 * @param {LineCounter} lineCounter
 * @param {(string | number)[]} at
 * @returns {number | undefined}
 */
function lineOf(doc, lineCounter, at) {
  for (let n = at.length; n >= 0; n--) {
    /** @type {unknown} */
    let node;
    if (n === 0) {
      node = doc.contents;
    } else {
      const parent = doc.getIn(at.slice(0, n - 1), true);
      const last = at[n - 1];
      if (isMap(parent)) {
        node = parent.items.find(
          pair => isScalar(pair.key) && String(pair.key.value) === String(last),
        )?.key;
      } else if (isSeq(parent) && typeof last === 'number') {
        node = parent.items[last];
      }
    }
    const range =
      /** @type {{ range?: [number, number, number] } | null | undefined} */ (
        node
      )?.range;
    if (range) return lineCounter.linePos(range[0]).line;
  }
  return undefined;
}

/**
 * @param {{ instancePath?: string, keyword?: string, message?: string, params?: Record<string, unknown> }} e
 * @returns {{ at: (string | number)[], text: string }}
 */
function describeAjvError(e) {
  const at = pointerToPath(e.instancePath ?? '');
  let text = e.message ?? 'is invalid';
  if (e.keyword === 'enum' && Array.isArray(e.params?.allowedValues)) {
    text += `: ${e.params.allowedValues
      .map(v => JSON.stringify(v))
      .join(', ')}`;
  } else if (e.keyword === 'required' && e.params?.missingProperty) {
    text = `missing required field "${e.params.missingProperty}"`;
  }
  return { at, text };
}

/**
 * Validates every document of a (multi-document) YAML text against the
 * Kubernetes and CRD schemas, strictly: wrong types, bad enum values, missing
 * required fields, unknown fields and unknown kinds are all errors.
 *
 * @param {string} yamlText
 * @param {{ source?: string, rejectDeprecated?: boolean }} [options]
 *   source: shown in every error (e.g. "charts/app (prod)");
 *   rejectDeprecated: also report fields upstream has deprecated
 *   (DEPRECATED_FIELDS, e.g. CloudNativePG's in-tree barmanObjectStore)
 * @returns {Promise<ManifestError[]>} [] when every document is valid
 */
export async function validateKubernetesManifests(
  yamlText,
  { source = '<input>', rejectDeprecated = false } = {},
) {
  /** @type {ManifestError[]} */
  const errors = [];
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(yamlText, {
    lineCounter,
    prettyErrors: true,
    uniqueKeys: true,
  });
  for (const [index, doc] of docs.entries()) {
    const where = `document ${index + 1}`;
    if (doc.errors.length) {
      for (const err of doc.errors) {
        errors.push({
          source,
          kind: '',
          name: '',
          message: `${where}: YAML error: ${err.message}`,
        });
      }
      continue;
    }
    const data = doc.toJS({ maxAliasCount: 100 });
    if (data === null || data === undefined) continue; // empty document (only comments or ---)
    if (typeof data !== 'object' || Array.isArray(data)) {
      errors.push({
        source,
        kind: '',
        name: '',
        message: `${where}: not a Kubernetes object (a YAML mapping)`,
      });
      continue;
    }
    const kind = typeof data.kind === 'string' ? data.kind : '';
    const name =
      typeof data.metadata?.name === 'string' ? data.metadata.name : '';
    const line = lineOf(doc, lineCounter, []);
    const at = `${where}${line ? ` (line ${line})` : ''}`;
    /** @param {string} message */
    const report = message => errors.push({ source, kind, name, message });
    if (typeof data.apiVersion !== 'string' || !kind) {
      report(`${at}: missing apiVersion or kind`);
      continue;
    }
    const model = await loadModel(data.apiVersion, kind);
    if (!model) {
      report(
        `${at}: no schema for kind ${kind} (apiVersion ${data.apiVersion})`,
      );
      continue;
    }
    if (
      !name &&
      !(
        typeof data.metadata?.generateName === 'string' &&
        data.metadata.generateName
      )
    ) {
      report(`${at}: metadata.name: missing required field "name"`);
    }
    const ajvErrors = model.validate(data) ?? [];
    const seen = new Set();
    for (const raw of ajvErrors) {
      const { at: fieldPath, text } = describeAjvError(
        /** @type {any} */ (raw),
      );
      const fieldLine = lineOf(doc, lineCounter, fieldPath);
      const message = `${dotted(fieldPath)}: ${text}${
        fieldLine ? ` (line ${fieldLine})` : ''
      }`;
      if (seen.has(message)) continue;
      seen.add(message);
      report(message);
    }
    const unknown = model.unknownFields(data);
    if (!unknown) {
      report(
        `${at}: cannot read the schema declaration of ${kind} from ${model.schemaName}`,
      );
      continue;
    }
    for (const fieldPath of unknown) {
      const fieldLine = lineOf(doc, lineCounter, fieldPath);
      report(
        `${dotted(fieldPath)}: unknown field "${
          fieldPath[fieldPath.length - 1]
        }"${fieldLine ? ` (line ${fieldLine})` : ''}`,
      );
    }
    const deprecated = rejectDeprecated
      ? deprecatedFields(data.apiVersion, kind, data)
      : [];
    for (const { at: fieldPath, text } of deprecated) {
      const fieldLine = lineOf(doc, lineCounter, fieldPath);
      report(
        `${dotted(fieldPath)}: ${text}${
          fieldLine ? ` (line ${fieldLine})` : ''
        }`,
      );
    }
  }
  return errors;
}

/**
 * The versions of the schema packages in use (for reports).
 * @returns {Record<string, string>}
 */
export function schemaPackageVersions() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const name of ['kubernetes-models', ...Object.values(CRD_PACKAGES)]) {
    let dir = path.dirname(require.resolve(name));
    while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
    out[name] = JSON.parse(
      readFileSync(path.join(dir, 'package.json'), 'utf8'),
    ).version;
  }
  // crds/<project>-<version>/
  for (const dir of readdirSync(CRD_DIR, { withFileTypes: true })) {
    const m = dir.isDirectory() && /^(.+)-(\d+\.\d+\.\d+)$/.exec(dir.name);
    if (m) out[`crds/${m[1]}`] = m[2];
  }
  return out;
}
