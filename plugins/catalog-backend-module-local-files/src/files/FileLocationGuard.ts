import type { LocalFilesConfig } from '../config';
import {
  Containment,
  fileRefused,
  readRegularFile,
  refusalOf,
  resolveContained,
  statRegularFile,
} from './fileAccess';

/** A checked file: its real path, and its contents when read. */
export interface GuardedFile {
  realPath: string;
  data: Buffer;
}

/**
 * The one place that decides whether a `file` location may be registered or
 * read: on only in local mode for registrations over the API, inside the
 * configured roots (real paths, symbolic links resolved) or one of the
 * configured catalog.locations, regular files only, under the size cap,
 * within the read time limit.
 */
export class FileLocationGuard {
  constructor(private readonly config: LocalFilesConfig) {}

  /** Where files registered over the API (and the files they list) may be, named for messages. */
  get registrationContainment(): Containment {
    return this.describe(this.config.fileRoots);
  }

  /** Where any `file` location may be read from: the roots and the folders of the configured locations. */
  get readContainment(): Containment {
    return this.describe(this.config.readRoots);
  }

  private describe(folders: string[]): Containment {
    return {
      folders,
      files: this.config.configuredFiles,
      // Outside local mode the folders are not shown to whoever asks.
      describe: this.config.localMode
        ? `launchpad.catalog.fileRoots: ${
            this.config.fileRoots.join(', ') || 'none'
          }`
        : 'launchpad.catalog.fileRoots',
    };
  }

  /** Whether a location (an entity's origin) is one of the configured catalog.locations. */
  isConfiguredLocation(location: { type: string; target: string }): boolean {
    return this.config.configuredLocations.some(
      l => l.type === location.type && l.target === location.target,
    );
  }

  /**
   * Checks a location registered over the API (POST/PUT /locations),
   * without reading the file. Throws an InputError saying why it is refused.
   */
  async checkRegistration(
    target: string,
    presence: 'required' | 'optional' = 'required',
  ): Promise<void> {
    if (!this.config.localMode) {
      throw fileRefused(
        'off',
        'File location refused: file locations can be registered only in local mode (launchpad.localMode is false); register a url location instead',
      );
    }
    try {
      const realPath = await resolveContained(
        target,
        this.registrationContainment,
      );
      await statRegularFile(realPath, target, {
        maxBytes: this.config.maxFileBytes,
      });
    } catch (error) {
      if (presence === 'optional' && refusalOf(error) === 'not-found') return;
      throw withPrefix(error);
    }
  }

  /**
   * Reads a location's file: inside the read roots (real path), a regular
   * file under the size cap, within the time limit. Which locations may
   * point where is decided before (registration, {@link LocationTargetGuard}).
   */
  async read(target: string): Promise<GuardedFile> {
    try {
      const realPath = await resolveContained(target, this.readContainment);
      const data = await readRegularFile(realPath, target, {
        maxBytes: this.config.maxFileBytes,
        timeoutMs: this.config.readTimeoutMs,
      });
      return { realPath, data };
    } catch (error) {
      throw withPrefix(error);
    }
  }
}

/** "File location refused: ..." for refusals; "file X does not exist" stays as the catalog words it. */
function withPrefix(error: unknown): unknown {
  const reason = refusalOf(error);
  if (!reason || reason === 'not-found') return error;
  return fileRefused(
    reason,
    `File location refused: ${(error as Error).message}`,
  );
}
