import {
  Entity,
  stringifyEntityRef,
  stringifyLocationRef,
} from '@backstage/catalog-model';
import type { LocationSpec } from '@backstage/plugin-catalog-node';
import path from 'node:path';
import type { OrgSource } from '../config';

/** Kinds that decide who someone is and which groups they belong to. */
export const ORG_KINDS = ['user', 'group'];

export const isOrgKind = (entity: { kind?: unknown }) =>
  ORG_KINDS.includes(String(entity.kind).toLocaleLowerCase('en-US'));

/** Origins are compared exactly, as the catalog stamps them. */
const ref = (location: LocationSpec) =>
  stringifyLocationRef({ type: location.type, target: location.target });

/** Files listed by org sources are compared as the reader reads them: normalised. */
const fileRef = (target: string) =>
  stringifyLocationRef({ type: 'file', target: path.normalize(target) });

/**
 * Which locations may declare User and Group entities: the organisation's
 * sources (`launchpad.catalog.orgSources`), judged by an entity's origin
 * location, and, for reading a file, the files those sources list (learnt as
 * their Location entities are processed, which always happens before the
 * files they list are read).
 */
export class OrgSourcePolicy {
  private readonly sources: Set<string>;
  private readonly reachable = new Set<string>();

  constructor(
    private readonly orgSources: OrgSource[],
    private readonly listSources: boolean,
  ) {
    this.sources = new Set(orgSources.map(s => ref(s)));
  }

  /** Whether an origin location is one of the organisation's sources. */
  isOrgSource(origin: LocationSpec): boolean {
    return this.sources.has(ref(origin));
  }

  /**
   * Notes the `file` targets of a Location entity whose origin is an org
   * source, resolved as the catalog resolves them ("./x" beside the file that
   * declares it).
   */
  noteLocationEntity(
    entity: Entity,
    location: LocationSpec,
    origin: LocationSpec,
  ): void {
    if (entity.kind !== 'Location' || !this.isOrgSource(origin)) return;
    const spec = (entity.spec ?? {}) as {
      type?: unknown;
      target?: unknown;
      targets?: unknown;
    };
    const type = typeof spec.type === 'string' ? spec.type : location.type;
    if (type !== 'file') return;
    const targets = [
      spec.target,
      ...(Array.isArray(spec.targets) ? spec.targets : []),
    ];
    for (const target of targets) {
      if (typeof target !== 'string') continue;
      const resolved =
        location.type === 'file' && target.startsWith('.')
          ? path.join(path.dirname(location.target), target)
          : target;
      this.reachable.add(fileRef(resolved));
    }
  }

  /** Whether the file being read is an org source or listed by one. */
  mayDeclareOrg(read: LocationSpec): boolean {
    return (
      this.isOrgSource(read) ||
      (read.type === 'file' && this.reachable.has(fileRef(read.target)))
    );
  }

  /** The sentence a refused User or Group gets; `refs` are the refused entities. */
  refusal(refs: string[], from: LocationSpec): string {
    const sources = this.listSources
      ? this.orgSources.map(s => stringifyLocationRef(s)).join(', ') ||
        'none configured'
      : 'launchpad.catalog.orgSources';
    return (
      `User and Group entities come from the organisation's configured sources (${sources}), ` +
      `not from locations registered through the API: ${refs.join(', ')} ` +
      `came from ${stringifyLocationRef(from)} and ${
        refs.length === 1 ? 'was' : 'were'
      } not added`
    );
  }

  /** The refusal for one entity. */
  refuseEntity(entity: Entity, from: LocationSpec): string {
    return this.refusal([stringifyEntityRef(entity)], from);
  }
}
