import type { Config } from '@backstage/config';
import path from 'node:path';

/** A location that may declare User and Group entities. */
export interface OrgSource {
  type: string;
  target: string;
}

/** What this module reads from config, resolved once at start. */
export interface LocalFilesConfig {
  /** `launchpad.localMode`: file locations may be registered over the API only then. */
  localMode: boolean;
  /**
   * Absolute folders from which `file` locations may be registered over the
   * API, and which the targets of locations registered that way must stay in.
   */
  fileRoots: string[];
  /**
   * Absolute folders from which `file` locations may be read at all: the
   * fileRoots and the folders of the configured `file` catalog.locations (the
   * operator's files and the files they list).
   */
  readRoots: string[];
  /** The configured `file` catalog.locations (absolute): always readable, they come from the operator. */
  configuredFiles: string[];
  /** The configured catalog.locations (file targets absolute), as origin locations. */
  configuredLocations: OrgSource[];
  /** Largest file read for a location or a placeholder, in bytes. */
  maxFileBytes: number;
  /** A read that has not finished by then fails. */
  readTimeoutMs: number;
  /** Locations (as origin location refs `type:target`) that may declare Users and Groups. */
  orgSources: OrgSource[];
  /** True when `launchpad.catalog.orgSources` was not set and the configured locations are used. */
  orgSourcesFromLocations: boolean;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
export const DEFAULT_READ_TIMEOUT_MS = 5_000;

/** `file` targets in config are relative to the backend's working directory, as the catalog resolves them. */
const resolveTarget = (type: string, target: string) =>
  type === 'file' ? path.resolve(target) : target;

/**
 * Reads the module's settings:
 * - `launchpad.localMode` (default false);
 * - `launchpad.catalog.fileRoots` (default: the folders of the configured
 *   `file` catalog.locations);
 * - `launchpad.catalog.maxFileBytes` (default 1 MiB);
 * - `launchpad.catalog.readTimeoutMs` (default 5 s);
 * - `launchpad.catalog.orgSources` (default: the configured catalog.locations).
 */
export function readLocalFilesConfig(config: Config): LocalFilesConfig {
  const locations = (
    config.getOptionalConfigArray('catalog.locations') ?? []
  ).map(c => ({
    type: c.getString('type'),
    target: resolveTarget(c.getString('type'), c.getString('target')),
  }));
  const configuredFiles = locations
    .filter(l => l.type === 'file')
    .map(l => l.target);
  const catalog = config.getOptionalConfig('launchpad.catalog');

  const roots = catalog?.getOptionalStringArray('fileRoots');
  const fileRoots = roots
    ? roots.map(root => path.resolve(root))
    : [...new Set(configuredFiles.map(file => path.dirname(file)))];

  const maxFileBytes =
    catalog?.getOptionalNumber('maxFileBytes') ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new Error(
      `launchpad.catalog.maxFileBytes must be a positive whole number of bytes, not ${maxFileBytes}`,
    );
  }
  const readTimeoutMs =
    catalog?.getOptionalNumber('readTimeoutMs') ?? DEFAULT_READ_TIMEOUT_MS;
  if (!Number.isFinite(readTimeoutMs) || readTimeoutMs <= 0) {
    throw new Error(
      `launchpad.catalog.readTimeoutMs must be a positive number of milliseconds, not ${readTimeoutMs}`,
    );
  }

  const orgSourceConfigs = catalog?.getOptionalConfigArray('orgSources');
  const orgSources = orgSourceConfigs
    ? orgSourceConfigs.map(c => ({
        type: c.getString('type'),
        target: resolveTarget(c.getString('type'), c.getString('target')),
      }))
    : locations;

  return {
    localMode: config.getOptionalBoolean('launchpad.localMode') ?? false,
    fileRoots,
    readRoots: [
      ...new Set([
        ...fileRoots,
        ...configuredFiles.map(file => path.dirname(file)),
      ]),
    ],
    configuredFiles,
    configuredLocations: locations,
    maxFileBytes,
    readTimeoutMs,
    orgSources,
    orgSourcesFromLocations: !orgSourceConfigs,
  };
}
