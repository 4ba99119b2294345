import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  gitBaseUrl,
  GitRepositoryStore,
  RepoRef,
} from '@internal/plugin-git-hosting-node';
import type { UpgradeStore } from '../database/UpgradeStore';
import type { TemplateUpgrader } from '../engine/TemplateUpgrader';
import { behind, Behind, SEMVER } from '../engine/versions';
import type { ChangeProposer, ProposalStatus } from './ChangeProposer';
import { planRepositoryUpgrade } from './upgradeRepository';

const TEMPLATE_ANNOTATION = 'launchpad.io/template';
const VERSION_ANNOTATION = 'launchpad.io/template-version';
const SOURCE_LOCATION = 'backstage.io/source-location';

/** One service of a template's fleet (the GET /fleet contract). */
export interface FleetService {
  entityRef: string;
  owner: string;
  version: string | null;
  behind: Behind;
  proposal?: {
    id: string;
    url: string;
    status: ProposalStatus;
    conflicts: string[];
  };
}

/** The caller as the upgrades see them. */
export interface Caller {
  userEntityRef: string;
  /** The user and their groups (lowercase entity refs). */
  claims: string[];
  credentials: BackstageCredentials;
}

/** What one upgrade request did, per service. */
export interface UpgradeOutcome {
  entityRef: string;
  status: 'proposed' | 'failed';
  proposal?: { id: string; url: string; conflicts: string[] };
  error?: { name: string; message: string };
}

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Fleet views and upgrades by catalog entity. Who may upgrade: the owners of
 * a service, and platform admins and template authors (who may upgrade a
 * whole template's fleet); the git host checks again when the proposal is
 * opened on the user's behalf.
 */
export function createTemplateUpgradesService(deps: {
  catalog: CatalogService;
  store: GitRepositoryStore;
  upgrader: () => TemplateUpgrader;
  proposer: ChangeProposer;
  upgrades: UpgradeStore;
  logger: LoggerService;
  backendBaseUrl: string;
  roles: { admins: string[]; templateAuthors: string[] };
}) {
  const { catalog, upgrades } = deps;
  const gitBase = gitBaseUrl(deps.backendBaseUrl);
  const privileged = (caller: Caller) => {
    const roles = new Set(
      [...deps.roles.admins, ...deps.roles.templateAuthors].map(lower),
    );
    return caller.claims.some(c => roles.has(c));
  };

  async function template(ref: string, credentials: BackstageCredentials) {
    let parsed;
    try {
      parsed = parseEntityRef(ref, {
        defaultKind: 'template',
        defaultNamespace: 'default',
      });
    } catch (error) {
      throw new InputError(
        `${JSON.stringify(ref.slice(0, 100))} is not a template entity ref: ${
          (error as Error).message
        }`,
      );
    }
    if (lower(parsed.kind) !== 'template')
      throw new InputError(
        `${ref} is not a template entity ref (kind ${parsed.kind})`,
      );
    const entity = await catalog.getEntityByRef(parsed, { credentials });
    if (!entity)
      throw new NotFoundError(
        `No template ${stringifyEntityRef(parsed)} in the catalog`,
      );
    const currentVersion = entity.metadata.annotations?.[VERSION_ANNOTATION];
    if (!currentVersion || !SEMVER.test(currentVersion))
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} declares no ${VERSION_ANNOTATION} (x.y.z): it is not a versioned golden path`,
      );
    return { entity, ref: stringifyEntityRef(entity), currentVersion };
  }

  async function servicesOf(
    templateRef: string,
    credentials: BackstageCredentials,
  ) {
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${TEMPLATE_ANNOTATION}`]: templateRef,
        },
      },
      { credentials },
    );
    return items;
  }

  /** The entity's repository on the portal's git host, from its source location. */
  function repoOf(entity: Entity): RepoRef {
    const location = entity.metadata.annotations?.[SOURCE_LOCATION] ?? '';
    const url = location.replace(/^url:/, '');
    const prefix = `${gitBase.replace(/\/+$/, '')}/`;
    if (!url.startsWith(prefix))
      throw new InputError(
        `${stringifyEntityRef(
          entity,
        )} is not in a repository of the portal's git host (${SOURCE_LOCATION} ${JSON.stringify(
          location,
        )}); upgrades of GitHub/GitLab repositories are not supported yet`,
      );
    const [org, name] = url.slice(prefix.length).split('/');
    if (!org || !name)
      throw new InputError(
        `${stringifyEntityRef(entity)}: ${SOURCE_LOCATION} names no repository`,
      );
    return { org, name };
  }

  async function upgradeEntity(
    entity: Entity,
    toVersion: string,
    templateRef: string,
    caller: Caller,
  ): Promise<UpgradeOutcome> {
    const entityRef = stringifyEntityRef(entity);
    const repo = repoOf(entity);
    const upgrader = deps.upgrader();
    try {
      const { plan, proposal } = await planRepositoryUpgrade({
        store: deps.store,
        upgrader,
        repo,
        toVersion,
      });
      const opened = await deps.proposer.propose(proposal, caller.credentials);
      await upgrades.add({
        proposalId: opened.id,
        entityRef,
        templateRef,
        repository: `${repo.org}/${repo.name}`,
        fromVersion: plan.fromVersion,
        toVersion: plan.toVersion,
        url: opened.url,
        conflicts: plan.conflicts,
        createdBy: caller.userEntityRef,
      });
      return {
        entityRef,
        status: 'proposed',
        proposal: { ...opened, conflicts: plan.conflicts },
      };
    } finally {
      await upgrader.dispose();
    }
  }

  return {
    async listTemplates(credentials: BackstageCredentials) {
      const { items: templates } = await catalog.getEntities(
        { filter: { kind: 'Template' } },
        { credentials },
      );
      const out = [];
      for (const t of templates) {
        const currentVersion = t.metadata.annotations?.[VERSION_ANNOTATION];
        if (!currentVersion || !SEMVER.test(currentVersion)) continue;
        const ref = stringifyEntityRef(t);
        const services = await servicesOf(ref, credentials);
        out.push({
          ref,
          title: t.metadata.title ?? t.metadata.name,
          currentVersion,
          services: services.length,
          behind: services.filter(s => {
            const b = behind(
              s.metadata.annotations?.[VERSION_ANNOTATION],
              currentVersion,
            );
            return b !== 'current';
          }).length,
        });
      }
      return { templates: out.sort((a, b) => a.ref.localeCompare(b.ref)) };
    },

    async fleet(templateRef: string, credentials: BackstageCredentials) {
      const t = await template(templateRef, credentials);
      const services = await servicesOf(t.ref, credentials);
      const latest = await upgrades.latestByEntity(t.ref);
      const out: FleetService[] = [];
      for (const s of services) {
        const entityRef = stringifyEntityRef(s);
        const version = s.metadata.annotations?.[VERSION_ANNOTATION] ?? null;
        const record = latest.get(entityRef);
        const service: FleetService = {
          entityRef,
          owner: String((s.spec as { owner?: unknown })?.owner ?? ''),
          version,
          behind: behind(version, t.currentVersion),
        };
        if (record) {
          const status = await deps.proposer.status(
            record.proposalId,
            credentials,
          );
          if (status)
            service.proposal = {
              id: record.proposalId,
              url: record.url,
              status,
              conflicts: record.conflicts,
            };
        }
        out.push(service);
      }
      out.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
      return {
        template: t.ref,
        currentVersion: t.currentVersion,
        services: out,
      };
    },

    async upgrade(
      input: { entityRef?: string; template?: string; version?: string },
      caller: Caller,
    ): Promise<{
      template: string;
      version: string;
      results: UpgradeOutcome[];
    }> {
      const { credentials } = caller;
      if (input.entityRef) {
        const ref = parseEntityRef(input.entityRef);
        const entity = await catalog.getEntityByRef(ref, { credentials });
        if (!entity)
          throw new NotFoundError(
            `No entity ${stringifyEntityRef(ref)} in the catalog`,
          );
        const templateRef = entity.metadata.annotations?.[TEMPLATE_ANNOTATION];
        if (!templateRef)
          throw new InputError(
            `${stringifyEntityRef(
              entity,
            )} has no lineage: no ${TEMPLATE_ANNOTATION} annotation (it was not created from a golden path)`,
          );
        const owner = lower(
          String((entity.spec as { owner?: unknown })?.owner ?? ''),
        );
        if (!privileged(caller) && !caller.claims.includes(owner))
          throw new NotAllowedError(
            `Only the owners of ${stringifyEntityRef(entity)} (${
              owner || 'none'
            }), template authors and platform admins may upgrade it`,
          );
        const t = await template(templateRef, credentials);
        const version = input.version ?? t.currentVersion;
        const result = await upgradeEntity(entity, version, t.ref, caller);
        return { template: t.ref, version, results: [result] };
      }
      if (!privileged(caller))
        throw new NotAllowedError(
          'Only template authors and platform admins may upgrade every service of a template',
        );
      const t = await template(input.template!, credentials);
      const version = input.version ?? t.currentVersion;
      const results: UpgradeOutcome[] = [];
      for (const entity of await servicesOf(t.ref, credentials)) {
        const entityRef = stringifyEntityRef(entity);
        if (
          behind(entity.metadata.annotations?.[VERSION_ANNOTATION], version) ===
          'current'
        )
          continue;
        try {
          results.push(await upgradeEntity(entity, version, t.ref, caller));
        } catch (error) {
          const e = error as Error;
          deps.logger.warn(
            `Template upgrade of ${entityRef} to ${version} failed: ${e.message}`,
          );
          results.push({
            entityRef,
            status: 'failed',
            error: { name: e.name, message: e.message },
          });
        }
      }
      return { template: t.ref, version, results };
    },
  };
}

/** The service {@link createTemplateUpgradesService} makes. */
export type TemplateUpgradesService = ReturnType<
  typeof createTemplateUpgradesService
>;
