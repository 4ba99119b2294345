import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { processingResult } from '@backstage/plugin-catalog-node';
import { isOrgKind, OrgSourcePolicy } from './OrgSourcePolicy';

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
 * This holds for every kind of location and for entity providers; `file`
 * locations are also refused as a whole when read (see the reader), so the
 * error shows on the location.
 *
 * It also tells the policy which files the org sources list, as their
 * Location entities are processed.
 */
export class OrgSourceProcessor implements CatalogProcessor {
  constructor(private readonly policy: OrgSourcePolicy) {}

  getProcessorName() {
    return 'OrgSourceProcessor';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    this.policy.noteLocationEntity(entity, location, originLocation);
    if (isOrgKind(entity) && !this.policy.isOrgSource(originLocation)) {
      emit(
        processingResult.inputError(
          location,
          this.policy.refuseEntity(entity, originLocation),
        ),
      );
    }
    return entity;
  }
}
