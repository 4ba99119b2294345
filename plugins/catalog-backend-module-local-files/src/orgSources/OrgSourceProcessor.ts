import { Entity, stringifyEntityRef, stringifyLocationRef } from '@backstage/catalog-model';
import type { CatalogProcessor, CatalogProcessorEmit, LocationSpec } from '@backstage/plugin-catalog-node';
import { processingResult } from '@backstage/plugin-catalog-node';
import type { OrgSource } from '../config';

/** Kinds that decide who someone is and which groups they belong to. */
export const ORG_KINDS = ['user', 'group'];

/** Options for {@link OrgSourceProcessor}. */
export interface OrgSourceProcessorOptions {
  /** Origin locations that may declare Users and Groups. */
  orgSources: OrgSource[];
  /** Whether to list the sources in the error (local mode) or only name the setting. */
  listSources: boolean;
}

/**
 * Lets User and Group entities in only from the organisation's configured
 * sources (`launchpad.catalog.orgSources`, by default the configured
 * catalog.locations). Group membership decides ownership and who is a
 * platform admin, so a location registered through the API must not be able
 * to add a user, a group, or a member to one.
 *
 * The check is on the entity's origin location: the location first
 * registered, which the catalog stamps on every entity read through it
 * (nested Location files keep their root's origin), so a registered file
 * cannot claim to come from elsewhere. A refused entity gets an error and is
 * never stored; an entity already in the catalog under the same name keeps
 * its own source, since the catalog does not let a second location take it.
 */
export class OrgSourceProcessor implements CatalogProcessor {
  private readonly allowed: Set<string>;

  constructor(private readonly options: OrgSourceProcessorOptions) {
    this.allowed = new Set(options.orgSources.map(s => stringifyLocationRef(s)));
  }

  getProcessorName() {
    return 'OrgSourceProcessor';
  }

  /** Whether an origin location may declare Users and Groups. */
  isOrgSource(origin: LocationSpec): boolean {
    return this.allowed.has(stringifyLocationRef({ type: origin.type, target: origin.target }));
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    if (!ORG_KINDS.includes(String(entity.kind).toLocaleLowerCase('en-US'))) return entity;
    if (this.isOrgSource(originLocation)) return entity;
    emit(processingResult.inputError(location, this.refusal(entity, originLocation)));
    return entity;
  }

  /** The sentence a refused User or Group gets. */
  refusal(entity: Entity, originLocation: LocationSpec): string {
    const sources = this.options.listSources
      ? this.options.orgSources.map(s => stringifyLocationRef(s)).join(', ') || 'none configured'
      : 'launchpad.catalog.orgSources';
    return (
      `User and Group entities come from the organisation's configured sources (${sources}), ` +
      `not from locations registered through the API: ${stringifyEntityRef(entity)} ` +
      `came from ${stringifyLocationRef(originLocation)} and was not added`
    );
  }
}
