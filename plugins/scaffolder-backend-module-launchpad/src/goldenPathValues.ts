import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { gitBaseUrl, repoUrls } from '@internal/plugin-git-hosting-node';
import { DEFAULT_SOURCE_REPOSITORY, templateTag } from './lineage';

/** One deployment environment of the golden paths. */
export interface GoldenPathEnvironment {
  name: string;
  cluster: string;
  autoSync: boolean;
}

/**
 * Where golden paths publish: the portal's own git host (local mode), or
 * GitHub / GitLab through Backstage's publish:github / publish:gitlab.
 */
export type PublishTarget =
  | { type: 'local' }
  | { type: 'github' | 'gitlab'; host: string; organization?: string };

/** Portal-wide settings the values depend on (from app-config). */
export interface GoldenPathSettings {
  backendBaseUrl: string;
  imageRegistry: string;
  environments: GoldenPathEnvironment[];
  publish?: PublishTarget;
  /** The golden paths' source repository on the git host (lineage). */
  sourceRepository?: string;
}

/** Clone and web URLs of a new repository, wherever it is published. */
export function repositoryLocation(
  settings: GoldenPathSettings,
  team: string,
  name: string,
) {
  const target = settings.publish ?? { type: 'local' };
  if (target.type === 'local') {
    const urls = repoUrls(gitBaseUrl(settings.backendBaseUrl), {
      org: team,
      name,
    });
    return { org: team, name, cloneUrl: urls.cloneUrl, webUrl: urls.webUrl };
  }
  const org = target.organization ?? team;
  const webUrl = `https://${target.host}/${org}/${name}`;
  return { org, name, cloneUrl: `${webUrl}.git`, webUrl };
}

/** The template a task runs, as far as the values need it. */
export interface TemplateIdentity {
  name: string;
  version: string;
}

/** The annotation where a template declares its version. */
export const TEMPLATE_VERSION_ANNOTATION = 'launchpad.io/template-version';

export const DEFAULT_ENVIRONMENTS: GoldenPathEnvironment[] = [
  { name: 'dev', cluster: 'https://k8s.dev.northwind.example', autoSync: true },
  {
    name: 'stage',
    cluster: 'https://k8s.stage.northwind.example',
    autoSync: true,
  },
  {
    name: 'prod',
    cluster: 'https://k8s.prod.northwind.example',
    autoSync: false,
  },
];

const NAME = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

function requireString(
  parameters: Record<string, unknown>,
  key: string,
): string {
  const value = parameters[key];
  if (typeof value !== 'string' || !value.trim()) {
    throw new InputError(`parameters.${key} is required`);
  }
  return value.trim();
}

function entityRef(
  parameters: Record<string, unknown>,
  key: string,
  defaultKind: string,
) {
  const raw = requireString(parameters, key);
  try {
    const ref = parseEntityRef(raw, {
      defaultKind,
      defaultNamespace: 'default',
    });
    if (ref.kind.toLocaleLowerCase('en-US') !== defaultKind) {
      throw new Error(`expected a ${defaultKind}, got a ${ref.kind}`);
    }
    return { ref: stringifyEntityRef(ref), name: ref.name };
  } catch (error) {
    throw new InputError(
      `parameters.${key} is not a ${defaultKind} reference: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * The one set of values every golden path skeleton and the shared standard
 * render with. Pure: the same parameters, template and settings give the
 * same values (golden files depend on it).
 */
export function computeGoldenPathValues(input: {
  parameters: Record<string, unknown>;
  language?: string;
  template: TemplateIdentity;
  settings: GoldenPathSettings;
}) {
  const { parameters, template, settings } = input;
  const name = requireString(parameters, 'name');
  if (!NAME.test(name)) {
    throw new InputError(
      `parameters.name must be 3-40 lowercase letters, digits or '-', starting with a letter and not ending with '-'; got ${JSON.stringify(
        name,
      )}`,
    );
  }
  const owner = entityRef(parameters, 'owner', 'group');
  const system = parameters.system
    ? entityRef(parameters, 'system', 'system')
    : undefined;
  const consumer = parameters.consumer
    ? entityRef(parameters, 'consumer', 'component')
    : undefined;
  const lifecycle =
    typeof parameters.lifecycle === 'string'
      ? parameters.lifecycle
      : 'experimental';
  const repo = repositoryLocation(settings, owner.name, name);
  const registry = settings.imageRegistry.replace(/\/+$/, '');

  return {
    name,
    description:
      typeof parameters.description === 'string'
        ? parameters.description.trim()
        : '',
    lifecycle,
    language: input.language,
    port: 8080,
    owner: owner.ref,
    ownerName: owner.name,
    system: system?.ref,
    systemName: system?.name,
    consumer: consumer?.ref,
    consumerName: consumer?.name,
    namespace: owner.name,
    imageRegistry: registry,
    image: `${registry}/${owner.name}/${name}`,
    repo,
    templateName: template.name,
    templateVersion: template.version,
    /** `<repository>#<template>@<version>`: the tag the portal renders again on upgrades. */
    templateSource: `${
      settings.sourceRepository ?? DEFAULT_SOURCE_REPOSITORY
    }#${templateTag(template.name, template.version)}`,
    environments: settings.environments.map(env => ({
      name: env.name,
      namespace: `${owner.name}-${env.name}`,
      cluster: env.cluster,
      autoSync: env.autoSync,
    })),
    parameters,
  };
}

export type GoldenPathValues = ReturnType<typeof computeGoldenPathValues>;
