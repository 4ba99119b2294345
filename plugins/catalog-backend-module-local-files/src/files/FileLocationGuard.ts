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

  /** The allowed folders and files, named for messages. */
  get containment(): Containment {
    const { fileRoots, localMode } = this.config;
    return {
      folders: fileRoots,
      files: this.config.configuredFiles,
      // Outside local mode the folders are not shown to whoever asks.
      describe: localMode
        ? `launchpad.catalog.fileRoots: ${fileRoots.join(', ') || 'none'}`
        : 'launchpad.catalog.fileRoots',
    };
  }

  /**
   * Checks a location registered over the API (POST/PUT /locations),
   * without reading the file. Throws an InputError saying why it is refused.
   */
  async checkRegistration(target: string, presence: 'required' | 'optional' = 'required'): Promise<void> {
    if (!this.config.localMode) {
      throw fileRefused(
        'off',
        'File location refused: file locations can be registered only in local mode (launchpad.localMode is false); register a url location instead',
      );
    }
    try {
      const realPath = await resolveContained(target, this.containment);
      await statRegularFile(realPath, target, { maxBytes: this.config.maxFileBytes });
    } catch (error) {
      if (presence === 'optional' && refusalOf(error) === 'not-found') return;
      throw withPrefix(error);
    }
  }

  /** Reads a location's file, with every check of {@link checkRegistration} but the mode. */
  async read(target: string): Promise<GuardedFile> {
    try {
      const realPath = await resolveContained(target, this.containment);
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
  return fileRefused(reason, `File location refused: ${(error as Error).message}`);
}
