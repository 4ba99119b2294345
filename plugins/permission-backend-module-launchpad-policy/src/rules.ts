import type { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import type { Caller, PolicyRoles } from './roles';

/** The resource an explanation is about, as the rules read it. */
export type ExplainResource =
  | { type: 'catalog-entity'; entity: Entity }
  | {
      type: 'scaffolder-task';
      /** The user who started the task. */
      createdBy?: string;
      /** The entity ref the task was created for (its `owner` parameter), if any. */
      owner?: string;
    };

/** One rule of the policy: who may, how it is enforced, and why a denial happened. */
export interface PolicyRule {
  /** Stable id, shown in denials, the docs table and the explain endpoint. */
  id: string;
  /** Who may, in words (the docs table and denial sentences). */
  who: string;
  /** The decision the permission framework enforces. */
  decide(caller: Caller, permission: Permission): PolicyDecision;
  /**
   * The same rule evaluated on a known resource, for explanations: true if
   * the caller may. The permission matrix test checks it agrees with what
   * the framework enforces.
   */
  allows(caller: Caller, resource?: ExplainResource): boolean;
  /** Whom to ask when denied (entity refs or a team's name). */
  askWhom(roles: PolicyRoles, resource?: ExplainResource): string[];
}

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

/** The entity refs an entity is owned by (its ownedBy relations, else spec.owner). */
export function ownersOf(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === 'ownedBy')
    .map(r => r.targetRef.toLocaleLowerCase('en-US'));
  if (fromRelations.length) return fromRelations;
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') return [];
  const ref = owner.includes(':') ? owner : `group:${owner}`;
  const full = ref.includes('/') ? ref : ref.replace(':', ':default/');
  return [full.toLocaleLowerCase('en-US')];
}

/** Groups a Template entity is restricted to (`spec.allowedGroups`), lowercase; empty: everyone. */
export function allowedGroupsOf(entity: Entity): string[] {
  const groups = (entity.spec as { allowedGroups?: unknown } | undefined)
    ?.allowedGroups;
  return Array.isArray(groups)
    ? groups
        .filter((g): g is string => typeof g === 'string')
        .map(g => g.toLocaleLowerCase('en-US'))
    : [];
}

const signedIn = (c: Caller) => c.userEntityRef !== undefined;

/** Every signed-in user. */
const signedInUsers: PolicyRule = {
  id: 'signed-in-users',
  who: 'every signed-in user',
  decide: c => (signedIn(c) ? allow : deny),
  allows: c => signedIn(c),
  askWhom: () => [],
};

/** Platform admins only. */
const adminsOnly: PolicyRule = {
  id: 'platform-admins',
  who: 'platform admins',
  decide: c => (c.isAdmin ? allow : deny),
  allows: c => c.isAdmin,
  askWhom: roles => roles.admins,
};

/** Template authors: the platform admins and `launchpad.permissions.templateAuthors`. */
const templateAuthors: PolicyRule = {
  id: 'template-authors',
  who: 'template authors (platform admins and launchpad.permissions.templateAuthors)',
  decide: c => (c.isTemplateAuthor ? allow : deny),
  allows: c => c.isTemplateAuthor,
  askWhom: roles => roles.admins,
};

/** The entity's owners (the user or one of their groups) and platform admins. */
const entityOwners: PolicyRule = {
  id: 'entity-owners',
  who: "the entity's owners (the user or one of their groups) and platform admins",
  decide: (c, permission) => {
    if (!signedIn(c)) return deny;
    if (c.isAdmin) return allow;
    if (!isResourcePermission(permission, 'catalog-entity')) return deny;
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: c.claims }),
    );
  },
  allows: (c, resource) =>
    signedIn(c) &&
    (c.isAdmin ||
      (resource?.type === 'catalog-entity' &&
        ownersOf(resource.entity).some(o => c.claims.includes(o)))),
  askWhom: (roles, resource) =>
    resource?.type === 'catalog-entity' && ownersOf(resource.entity).length
      ? ownersOf(resource.entity)
      : roles.admins,
};

/**
 * Running a golden path: every signed-in user, except a template kept to
 * groups (`spec.allowedGroups`: the PostgreSQL path for teams with a database
 * budget), which only those groups and admins open, dry-run and run. The
 * permission carries no template, so the framework lets signed-in users
 * through and the scaffolder guard module decides on the request's template
 * with this rule. (A condition on catalog reads would hide such templates,
 * at the price of a condition on every catalog query: bench/permissions.mjs.)
 */
const templateGroups: PolicyRule = {
  id: 'template-groups',
  who: 'every signed-in user; a template with spec.allowedGroups only those groups and platform admins',
  decide: c => (signedIn(c) ? allow : deny),
  allows: (c, resource) => {
    if (!signedIn(c)) return false;
    if (c.isAdmin || resource?.type !== 'catalog-entity') return true;
    if (resource.entity.kind.toLocaleLowerCase('en-US') !== 'template')
      return true;
    const groups = allowedGroupsOf(resource.entity);
    return groups.length === 0 || groups.some(g => c.claims.includes(g));
  },
  askWhom: (roles, resource) =>
    resource?.type === 'catalog-entity' && ownersOf(resource.entity).length
      ? ownersOf(resource.entity)
      : roles.admins,
};

/**
 * Locations: platform admins any; other users only locations of repositories
 * one of their teams owns. The permission carries no target, so the
 * framework lets signed-in users through and the catalog guard module
 * (plugins/catalog-backend-module-launchpad-guard) decides on the target of
 * each request with {@link repositoryOwners}' sentence.
 */
const repositoryOwners: PolicyRule = {
  id: 'repository-owners',
  who: "platform admins, or a team for the repositories it owns (the portal's git host: its own org; elsewhere: a repository its entities come from)",
  decide: c => (signedIn(c) ? allow : deny),
  allows: c => signedIn(c),
  askWhom: roles => roles.admins,
};

const createdByOf = (resource?: ExplainResource) =>
  resource?.type === 'scaffolder-task'
    ? resource.createdBy?.toLocaleLowerCase('en-US')
    : undefined;
const taskOwnerOf = (resource?: ExplainResource) =>
  resource?.type === 'scaffolder-task'
    ? resource.owner?.toLocaleLowerCase('en-US')
    : undefined;

/**
 * The framework's half of both task rules: the task's initiator (the
 * scaffolder's IS_TASK_OWNER condition, which it also applies to its task
 * list) and platform admins.
 */
function initiatorDecision(c: Caller, permission: Permission): PolicyDecision {
  if (!signedIn(c)) return deny;
  if (c.isAdmin) return allow;
  if (!isResourcePermission(permission, 'scaffolder-task')) return deny;
  return createScaffolderTaskConditionalDecision(
    permission,
    scaffolderTaskConditions.isTaskOwner({ createdBy: [c.userEntityRef!] }),
  );
}

/** Cancelling (and retrying) a task: the person who started it, and platform admins. */
const taskInitiator: PolicyRule = {
  id: 'task-initiator',
  who: 'the person who started the task and platform admins',
  decide: initiatorDecision,
  allows: (c, resource) =>
    signedIn(c) &&
    (c.isAdmin ||
      (createdByOf(resource) !== undefined &&
        createdByOf(resource) === c.userEntityRef)),
  askWhom: (roles, resource) =>
    createdByOf(resource) ? [createdByOf(resource)!] : roles.admins,
};

/**
 * Reading a task (its page, log and event stream): the person who started
 * it, the team it was created for (the template's `owner` parameter), and
 * platform admins. The scaffolder's own rules know only the initiator; the
 * owning team's reads are decided on the task by the scaffolder guard module
 * (plugins/scaffolder-backend-module-launchpad-guard) with this rule, and
 * the same module lists a user's tasks and their teams' tasks.
 */
const taskReaders: PolicyRule = {
  id: 'task-readers',
  who: 'the person who started the task, the team it was created for, and platform admins',
  decide: initiatorDecision,
  allows: (c, resource) =>
    taskInitiator.allows(c, resource) ||
    (signedIn(c) &&
      taskOwnerOf(resource) !== undefined &&
      c.claims.includes(taskOwnerOf(resource)!)),
  askWhom: (roles, resource) => {
    const whom = [createdByOf(resource), taskOwnerOf(resource)].filter(
      (w): w is string => !!w,
    );
    return whom.length ? whom : roles.admins;
  },
};

/**
 * The rule of every permission the portal's plugins register. A permission
 * missing here falls to {@link defaultRule}; a test lists every registered
 * permission and fails if one has no rule of its own.
 */
export const permissionRules: Record<string, PolicyRule> = {
  // Catalog
  'catalog.entity.read': signedInUsers,
  'catalog.entity.create': signedInUsers,
  'catalog.entity.validate': signedInUsers,
  'catalog.entity.delete': entityOwners,
  'catalog.entity.refresh': entityOwners,
  'catalog.location.read': signedInUsers,
  'catalog.location.analyze': signedInUsers,
  // Creating and deleting locations: admins any; other users only for the
  // repositories their teams own, which the catalog guard module checks on
  // the request's target (the permission itself carries no target).
  'catalog.location.create': repositoryOwners,
  'catalog.location.delete': repositoryOwners,
  'catalog.ingestion.read': signedInUsers,
  'catalog.ingestion.manage': adminsOnly,
  // Entities the catalog could not process show internals (file paths,
  // processor errors): the unprocessed-entities page is for platform admins
  'catalog.entities.unprocessed.read': adminsOnly,
  'catalog.entities.unprocessed.delete': adminsOnly,
  // Scaffolder
  'scaffolder.template.parameter.read': signedInUsers,
  'scaffolder.template.step.read': signedInUsers,
  'scaffolder.action.execute': signedInUsers,
  'scaffolder.task.create': templateGroups,
  'scaffolder.task.read': taskReaders,
  'scaffolder.task.cancel': taskInitiator,
  'scaffolder.template.dry-run': templateAuthors,
  'scaffolder.template.management': templateAuthors,
  // Kubernetes
  'kubernetes.clusters.read': signedInUsers,
  'kubernetes.resources.read': signedInUsers,
  'kubernetes.proxy': adminsOnly,
  'launchpad.kubernetes.logs.read': entityOwners,
  // Git host: change proposals (opening, merging, closing) on a repository,
  // decided on the catalog entity registered from it
  'launchpad.git.changes.manage': entityOwners,
  // Scorecards
  'scorecards.evaluate': adminsOnly,
  'scorecards.definitions.rejected.read': adminsOnly,
  // Audit trail
  'audit.events.read': adminsOnly,
};

/** Where a permission without a rule of its own falls: reads for signed-in users, nothing else. */
export const defaultRule = (permission: Permission): PolicyRule =>
  permission.attributes.action === 'read'
    ? { ...signedInUsers, id: 'default-read' }
    : {
        ...adminsOnly,
        id: 'default-deny',
        who: 'platform admins (no rule of its own: denied by default)',
      };

/** The rule that decides a permission. */
export function ruleFor(permission: Permission): PolicyRule {
  return permissionRules[permission.name] ?? defaultRule(permission);
}
