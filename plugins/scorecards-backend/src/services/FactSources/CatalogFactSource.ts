import type { AuthService } from '@backstage/backend-plugin-api';
import {
  type Entity,
  RELATION_PART_OF,
  RELATION_PROVIDES_API,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { FactValues } from '@internal/plugin-scorecards-common';
import { normalizeRef, ownerRefOf, refOf } from '../Ownership/ownerRefOf';
import type { OwnershipService } from '../Ownership/types';
import type { FactSource } from '@internal/plugin-scorecards-node';

/** Annotations the catalog facts read. */
export const ANNOTATIONS = {
  techdocs: 'backstage.io/techdocs-ref',
  template: 'launchpad.io/template',
  templateVersion: 'launchpad.io/template-version',
} as const;

/** The facts {@link CatalogFactSource} provides, with what they mean (the README lists them too). */
export const CATALOG_FACTS = {
  'catalog.hasOwner': 'the entity names an owner (boolean)',
  'catalog.owner': 'the owner entity ref, or null',
  'catalog.ownerExists': 'the owner is in the catalog (boolean)',
  'catalog.ownerIsGroup': 'the owner is a Group (boolean)',
  'catalog.ownerActiveMembers':
    'members of the owner group that are in the catalog (number; 0 if not a group)',
  'catalog.hasDescription': 'metadata.description is not empty (boolean)',
  'catalog.type': 'spec.type, or null',
  'catalog.lifecycle': 'spec.lifecycle, or null',
  'catalog.hasSystem': 'the entity is part of a System (boolean)',
  'catalog.system': 'the System entity ref, or null',
  'catalog.providesApis': 'number of APIs it provides',
  'catalog.hasTechDocs':
    'the backstage.io/techdocs-ref annotation is set (boolean)',
  'catalog.fromGoldenPath':
    'the launchpad.io/template annotation is set (boolean)',
  'catalog.template':
    'the golden path (template ref) it was created from, or null',
  'catalog.templateVersion':
    'the golden path version it was created from, or null',
  'catalog.templateCurrentVersion':
    "the golden path's current version (its Template's launchpad.io/template-version), or null",
  'catalog.onCurrentTemplateVersion':
    'created from the current version of its golden path (boolean; false when not from one)',
} as const;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/**
 * Facts from the catalog itself: ownership (via relations), description,
 * lifecycle, system, APIs, docs and golden path provenance.
 */
export class CatalogFactSource implements FactSource {
  readonly id = 'catalog';

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      ownership: OwnershipService;
    },
  ) {}

  async retrieve(
    entities: ReadonlyArray<Entity>,
  ): Promise<Map<string, FactValues>> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const ownerRefs = new Set<string>();
    const templateRefs = new Set<string>();
    for (const entity of entities) {
      const owner = ownerRefOf(entity);
      if (owner) ownerRefs.add(owner);
      const template = text(
        entity.metadata.annotations?.[ANNOTATIONS.template],
      );
      if (template) templateRefs.add(normalizeRef(template));
    }
    const [owners, templateVersions] = await Promise.all([
      this.deps.ownership.resolveOwners(ownerRefs, credentials),
      this.currentTemplateVersions([...templateRefs], credentials),
    ]);

    const facts = new Map<string, FactValues>();
    for (const entity of entities) {
      const ownerRef = ownerRefOf(entity);
      const owner = ownerRef ? owners.get(ownerRef) : undefined;
      const annotations = entity.metadata.annotations ?? {};
      const template = text(annotations[ANNOTATIONS.template]);
      const templateVersion = text(annotations[ANNOTATIONS.templateVersion]);
      const currentVersion = template
        ? templateVersions.get(normalizeRef(template)) ?? null
        : null;
      const system =
        entity.relations?.find(
          r =>
            r.type === RELATION_PART_OF &&
            r.targetRef.toLocaleLowerCase('en-US').startsWith('system:'),
        )?.targetRef ?? null;
      const values: FactValues = {
        'catalog.hasOwner': ownerRef !== null,
        'catalog.owner': ownerRef,
        'catalog.ownerExists': owner?.exists ?? false,
        'catalog.ownerIsGroup': owner?.isGroup ?? false,
        'catalog.ownerActiveMembers': owner?.activeMembers ?? 0,
        'catalog.hasDescription': text(entity.metadata.description) !== null,
        'catalog.type': text(entity.spec?.type),
        'catalog.lifecycle': text(entity.spec?.lifecycle),
        'catalog.hasSystem': system !== null,
        'catalog.system': system ? normalizeRef(system) : null,
        'catalog.providesApis': (entity.relations ?? []).filter(
          r => r.type === RELATION_PROVIDES_API,
        ).length,
        'catalog.hasTechDocs': text(annotations[ANNOTATIONS.techdocs]) !== null,
        'catalog.fromGoldenPath': template !== null,
        'catalog.template': template ? normalizeRef(template) : null,
        'catalog.templateVersion': templateVersion,
        'catalog.templateCurrentVersion': currentVersion,
        'catalog.onCurrentTemplateVersion':
          templateVersion !== null &&
          currentVersion !== null &&
          templateVersion === currentVersion,
      };
      facts.set(refOf(entity), values);
    }
    return facts;
  }

  /** The version each golden path stamps today, from its Template entity. */
  private async currentTemplateVersions(
    refs: string[],
    credentials: Awaited<ReturnType<AuthService['getOwnServiceCredentials']>>,
  ): Promise<Map<string, string>> {
    const versions = new Map<string, string>();
    if (refs.length === 0) return versions;
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    for (const template of items) {
      const version = text(
        template?.metadata.annotations?.[ANNOTATIONS.templateVersion],
      );
      if (template && version) versions.set(refOf(template), version);
    }
    return versions;
  }
}
