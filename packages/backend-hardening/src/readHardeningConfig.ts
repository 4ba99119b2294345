import type { Config } from '@backstage/config';

/** The hardened surface's settings, read from `launchpad.*`. */
export interface HardeningConfig {
  /** `launchpad.localMode`: stack traces stay in error answers for developers. */
  localMode: boolean;
  /** `launchpad.http.maxBodyBytes` (default 1 MiB). */
  maxBodyBytes: number;
  /** `launchpad.http.bodyCapExemptContentTypes` (default: git's upload-pack). */
  bodyCapExemptContentTypes: string[];
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_BODY_CAP_EXEMPT_CONTENT_TYPES = [
  'application/x-git-upload-pack-request',
];

/** Reads and checks the hardened surface's settings; a bad value fails the start, naming the key. */
export function readHardeningConfig(config: Config): HardeningConfig {
  const maxBodyBytes =
    config.getOptionalNumber('launchpad.http.maxBodyBytes') ??
    DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new Error(
      `launchpad.http.maxBodyBytes must be a positive whole number of bytes, got ${maxBodyBytes}`,
    );
  }
  return {
    localMode: config.getOptionalBoolean('launchpad.localMode') ?? false,
    maxBodyBytes,
    bodyCapExemptContentTypes:
      config.getOptionalStringArray(
        'launchpad.http.bodyCapExemptContentTypes',
      ) ?? DEFAULT_BODY_CAP_EXEMPT_CONTENT_TYPES,
  };
}
