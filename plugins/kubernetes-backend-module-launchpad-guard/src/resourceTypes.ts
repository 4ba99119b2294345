import type { Config } from '@backstage/config';

/** A Kubernetes resource type as the Kubernetes backend's custom-resource query names it. */
export interface ResourceType {
  group: string;
  apiVersion: string;
  plural: string;
}

/**
 * API groups whose objects are never served through the custom-resource
 * query, whatever the configuration says: the core group (Secrets,
 * ConfigMaps, ServiceAccounts and their tokens) and the groups that hold
 * credentials and access rules.
 */
const NEVER_SERVED_GROUPS = new Set([
  '',
  'core',
  'v1',
  'rbac.authorization.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'admissionregistration.k8s.io',
  'apiregistration.k8s.io',
]);

/** Plurals refused in any group, so a look-alike group cannot bring them back. */
const NEVER_SERVED_PLURALS = new Set([
  'secrets',
  'configmaps',
  'serviceaccounts',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
  'tokenreviews',
  'certificatesigningrequests',
]);

/** Object types Backstage's Kubernetes backend must not return with an entity's objects. */
export const HIDDEN_OBJECT_TYPES = new Set(['secrets', 'configmaps']);

const GROUP =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const VERSION = /^v[1-9][0-9]*((alpha|beta)[1-9][0-9]*)?$/;
const PLURAL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `group/apiVersion plural`, the way the messages name a type. */
export function describeResourceType(t: {
  group?: unknown;
  apiVersion?: unknown;
  plural?: unknown;
}): string {
  const show = (v: unknown) =>
    typeof v === 'string' ? JSON.stringify(v) : String(v);
  return `{ group: ${show(t.group)}, apiVersion: ${show(
    t.apiVersion,
  )}, plural: ${show(t.plural)} }`;
}

/**
 * Why a type may never be served, or undefined. Spellings are folded
 * (case, spaces, URL encoding) so `Secrets`, `secrets ` and `%73ecrets` are
 * recognised as what they try to be.
 */
export function neverServedReason(t: ResourceType): string | undefined {
  const fold = (s: string) => {
    let v = s;
    try {
      v = decodeURIComponent(s);
    } catch {
      // not URL-encoded
    }
    return v.trim().toLocaleLowerCase('en-US');
  };
  const group = fold(t.group);
  const plural = fold(t.plural).split('/')[0];
  if (NEVER_SERVED_GROUPS.has(group)) {
    return `it is in the core or an access-control API group (${JSON.stringify(
      t.group,
    )}): Secrets, ConfigMaps, ServiceAccounts and RBAC objects are never served`;
  }
  if (NEVER_SERVED_PLURALS.has(plural)) {
    return `${plural} are never served, in any API group`;
  }
  return undefined;
}

function sameType(a: ResourceType, b: ResourceType) {
  return (
    a.group === b.group &&
    a.apiVersion === b.apiVersion &&
    a.plural === b.plural
  );
}

/** The types the custom-resource query serves. */
export interface ResourceTypeAllowList {
  types: ResourceType[];
  allows(t: ResourceType): boolean;
  /** e.g. `argoproj.io/v1alpha1 applications`, or `nothing` */
  describe(): string;
}

/**
 * Reads the allow-list: `kubernetes.customResources` (what the Kubernetes
 * backend fetches with every entity anyway) plus
 * `launchpad.kubernetes.customResourceAllowList`. Throws at start, naming
 * the entry, for a malformed entry or a type that is never served, and when
 * `kubernetes.objectTypes` asks for Secrets.
 */
export function readResourceTypeAllowList(
  config: Config,
): ResourceTypeAllowList {
  const types: ResourceType[] = [];
  for (const key of [
    'kubernetes.customResources',
    'launchpad.kubernetes.customResourceAllowList',
  ]) {
    (config.getOptionalConfigArray(key) ?? []).forEach((entry, index) => {
      // getOptional, not getString: config readers refuse the empty string,
      // and an empty group (the core API) must be reported as such.
      const field = (name: string) => {
        const v = entry.getOptional(name);
        if (typeof v !== 'string') {
          throw new Error(
            `${key}[${index}].${name} must be a string, e.g. argoproj.io / v1alpha1 / applications`,
          );
        }
        return v;
      };
      const t: ResourceType = {
        group: field('group'),
        apiVersion: field('apiVersion'),
        plural: field('plural'),
      };
      const where = `${key}[${index}] ${describeResourceType(t)}`;
      const never = neverServedReason(t);
      if (never) throw new Error(`${where} cannot be allowed: ${never}`);
      if (
        !GROUP.test(t.group) ||
        !VERSION.test(t.apiVersion) ||
        !PLURAL.test(t.plural)
      ) {
        throw new Error(
          `${where} is not a resource type: group must be a DNS name with a dot (e.g. argoproj.io), apiVersion a Kubernetes version (e.g. v1alpha1), plural a lowercase name (e.g. applications)`,
        );
      }
      if (!types.some(o => sameType(o, t))) types.push(t);
    });
  }
  const objectTypes =
    config.getOptionalStringArray('kubernetes.objectTypes') ?? [];
  const hidden = objectTypes.filter(o => HIDDEN_OBJECT_TYPES.has(o));
  if (hidden.length > 0) {
    throw new Error(
      `kubernetes.objectTypes lists ${hidden.join(
        ', ',
      )}: the portal never serves them with an entity's objects; remove them`,
    );
  }
  return {
    types,
    allows: t => types.some(o => sameType(o, t)),
    describe: () =>
      types.length === 0
        ? 'nothing'
        : types.map(t => `${t.group}/${t.apiVersion} ${t.plural}`).join(', '),
  };
}
