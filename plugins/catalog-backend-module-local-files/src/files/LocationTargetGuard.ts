import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { processingResult } from '@backstage/plugin-catalog-node';
import type { JsonObject } from '@backstage/types';
import path from 'node:path';
import type { FileLocationGuard } from './FileLocationGuard';

/**
 * Holds the targets of a Location entity that came through a location
 * registered over the API to the same rules as the registration itself
 * (local mode, inside `launchpad.catalog.fileRoots` by real path, a regular
 * file under the cap). A registered file may list further files
 * (`kind: Location`, `spec.targets`); those never pass the registration
 * check, so they are checked here, before the catalog reads them. A refused
 * target is dropped from the entity and reported as an error on it.
 *
 * Locations whose origin is one of the configured catalog.locations are the
 * operator's and are left alone: their targets are read from the folders of
 * the configured files too.
 */
export class LocationTargetGuard implements CatalogProcessor {
  constructor(private readonly guard: FileLocationGuard) {}

  getProcessorName() {
    return 'LocationTargetGuard';
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
    originLocation: LocationSpec,
  ): Promise<Entity> {
    if (entity.kind !== 'Location' || !entity.spec) return entity;
    const spec: JsonObject = entity.spec;
    if ((typeof spec.type === 'string' ? spec.type : location.type) !== 'file')
      return entity;
    if (this.guard.isConfiguredLocation(originLocation)) return entity;

    const presence = spec.presence === 'optional' ? 'optional' : 'required';
    // Resolved as the catalog resolves them: "./x" and "../x" beside the declaring file.
    const resolve = (target: string) =>
      target.startsWith('.') && location.type === 'file'
        ? path.join(path.dirname(location.target), target)
        : target;
    const allowed = async (target: unknown) => {
      if (typeof target !== 'string') return true;
      try {
        await this.guard.checkRegistration(resolve(target), presence);
        return true;
      } catch (error) {
        emit(processingResult.inputError(location, (error as Error).message));
        return false;
      }
    };

    let changed = false;
    const next: JsonObject = { ...spec };
    if (spec.target !== undefined && !(await allowed(spec.target))) {
      delete next.target;
      changed = true;
    }
    if (Array.isArray(spec.targets)) {
      const kept = [];
      for (const target of spec.targets)
        if (await allowed(target)) kept.push(target);
      if (kept.length !== spec.targets.length) {
        next.targets = kept;
        changed = true;
      }
    }
    return changed ? { ...entity, spec: next } : entity;
  }
}
