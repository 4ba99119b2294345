import { InputError } from '@backstage/errors';
import { parseDocument, stringify } from 'yaml';

/**
 * Where a generated repository records its lineage, as copier keeps
 * `.copier-answers.yml` (`_src_path`, `_commit`, the answers): the template,
 * its version, the template source revision the portal can render again, and
 * the form inputs without secrets.
 */
export const ANSWERS_PATH = '.launchpad/answers.yaml';

/** Annotation with the template source revision (`<repository>#<tag>`). */
export const TEMPLATE_SOURCE_ANNOTATION = 'launchpad.io/template-source';

/** The portal's copy of its golden paths on the built-in git host: one tag per `<template>@<version>`. */
export const DEFAULT_SOURCE_REPOSITORY = 'platform/golden-paths';

/** The tag of a template version in the source repository. */
export function templateTag(name: string, version: string): string {
  return `${name}@${version}`;
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The content of {@link ANSWERS_PATH}. */
export interface Lineage {
  /** Template entity ref, e.g. template:default/node-service. */
  template: string;
  version: string;
  source: { repository: string; tag: string };
  answers: Record<string, unknown>;
}

const FIELDS: Array<[string, (data: any) => unknown, RegExp, string]> = [
  [
    'template',
    d => d.template,
    /^template:[a-z0-9-]+\/[a-z0-9-]+$/,
    'must be a template entity ref',
  ],
  ['version', d => d.version, SEMVER, 'must be a semantic version x.y.z'],
  [
    'source.repository',
    d => d.source?.repository,
    /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9._-]*$/,
    'must be org/name',
  ],
  [
    'source.tag',
    d => d.source?.tag,
    /^[a-z0-9-]+@\d+\.\d+\.\d+$/,
    'must be <template>@<version>',
  ],
];

/** Reads an answers file; a clear InputError when it is not one. */
export function parseLineage(text: string): Lineage {
  let data: unknown;
  try {
    const doc = parseDocument(text);
    if (doc.errors.length) throw doc.errors[0];
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (error) {
    throw new InputError(
      `${ANSWERS_PATH} is not valid YAML: ${(error as Error).message}`,
    );
  }
  const fail = (what: string) =>
    new InputError(`${ANSWERS_PATH} is not a Launchpad answers file: ${what}`);
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw fail('it is not a mapping');
  for (const [field, get, pattern, message] of FIELDS) {
    const value = get(data);
    if (typeof value !== 'string' || !pattern.test(value))
      throw fail(`${field} ${message}`);
  }
  const answers = (data as { answers?: unknown }).answers;
  if (!answers || typeof answers !== 'object' || Array.isArray(answers))
    throw fail('answers must be a mapping of the form inputs');
  const d = data as Lineage;
  return {
    template: d.template,
    version: d.version,
    source: { repository: d.source.repository, tag: d.source.tag },
    answers: answers as Record<string, unknown>,
  };
}

/** The text of an answers file. */
export function formatLineage(lineage: Lineage): string {
  return [
    '# Written by Launchpad when this repository was created from a golden path,',
    '# and on every template upgrade. The portal renders the recorded template',
    '# version with these answers to upgrade the repository by a reviewable change.',
    stringify(
      {
        template: lineage.template,
        version: lineage.version,
        source: lineage.source,
        answers: lineage.answers,
      },
      { lineWidth: 0 },
    ),
  ].join('\n');
}

const SECRET_NAME =
  /secret|password|passwd|token|api[-_]?key|credential|private[-_]?key/i;

/**
 * The form inputs worth recording: everything but secrets. A field is a
 * secret when its schema says so (`ui:field: Secret`, `ui:widget: password`,
 * `ui:backstage.review.mask`) or its name looks like one.
 */
export function answersWithoutSecrets(
  parameters: Record<string, unknown>,
  parameterPages: unknown,
): Record<string, unknown> {
  const secret = new Set<string>();
  const pages = Array.isArray(parameterPages)
    ? parameterPages
    : [parameterPages];
  for (const page of pages) {
    const properties = (page as any)?.properties;
    if (!properties || typeof properties !== 'object') continue;
    for (const [key, schema] of Object.entries<any>(properties)) {
      if (
        schema?.['ui:field'] === 'Secret' ||
        schema?.['ui:widget'] === 'password' ||
        schema?.['ui:backstage']?.review?.mask !== undefined
      )
        secret.add(key);
    }
  }
  const answers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (secret.has(key) || SECRET_NAME.test(key)) continue;
    if (value === undefined) continue;
    answers[key] = value;
  }
  return answers;
}
