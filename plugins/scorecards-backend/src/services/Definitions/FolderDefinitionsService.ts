import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  parseScorecardDefinitions,
  type ScorecardDefinition,
} from '@internal/plugin-scorecards-common';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { stableStringify } from '../../stableStringify';
import type {
  DefinitionLoadError,
  DefinitionsService,
  LoadedScorecard,
} from './types';

interface FileState {
  /** The content last read, good or bad. */
  content: string;
  /** The definitions of the last good content, if there ever was one. */
  good?: ScorecardDefinition[];
  error?: { message: string; since: string };
}

const DEFINITION_FILE = /\.ya?ml$/i;

/**
 * Scorecard definitions from the `*.yaml` files of one folder. A file that
 * turns bad keeps its last good definitions live and is reported by
 * {@link FolderDefinitionsService.errors}; a removed file takes its
 * definitions with it.
 */
export class FolderDefinitionsService implements DefinitionsService {
  private readonly files = new Map<string, FileState>();
  private folderError?: { message: string; since: string };
  private live: LoadedScorecard[] = [];
  private clashes: DefinitionLoadError[] = [];
  private watcher?: fs.FSWatcher;
  private reloading?: Promise<void>;
  private debounce?: NodeJS.Timeout;

  /** Loads the folder once; call {@link FolderDefinitionsService.watch} to follow changes. */
  static async create(options: { dir: string; logger: LoggerService }) {
    const service = new FolderDefinitionsService(options.dir, options.logger);
    await service.reload();
    return service;
  }

  private constructor(
    private readonly dir: string,
    private readonly logger: LoggerService,
  ) {}

  list(): LoadedScorecard[] {
    return this.live;
  }

  errors(): DefinitionLoadError[] {
    const errors: DefinitionLoadError[] = [];
    if (this.folderError) {
      errors.push({
        file: this.label(''),
        ...this.folderError,
        keptLastGood: this.files.size > 0,
      });
    }
    for (const [file, state] of this.files) {
      if (state.error) {
        errors.push({
          file: this.label(file),
          ...state.error,
          keptLastGood: Boolean(state.good),
        });
      }
    }
    return [...errors, ...this.clashes];
  }

  /** Concurrent calls share one read of the folder. */
  reload(): Promise<void> {
    if (!this.reloading) {
      this.reloading = this.readFolder().finally(() => {
        this.reloading = undefined;
      });
    }
    return this.reloading;
  }

  /** Reloads shortly after any change in the folder, until {@link FolderDefinitionsService.close}. */
  watch(): void {
    if (this.watcher) return;
    try {
      this.watcher = fs.watch(this.dir, () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(() => {
          this.reload().catch(e =>
            this.logger.error(`Reloading scorecard definitions failed: ${e}`),
          );
        }, 100);
      });
      this.watcher.on('error', e =>
        this.logger.warn(`Stopped watching ${this.dir}: ${e}`),
      );
    } catch (e) {
      // The scheduled reload still picks changes up, a little later.
      this.logger.warn(
        `Cannot watch ${this.dir} for scorecard definition changes: ${e}`,
      );
    }
  }

  close(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private label(file: string) {
    return path.posix.join(path.basename(this.dir), file);
  }

  private async readFolder(): Promise<void> {
    let names: string[];
    try {
      names = (await fs.promises.readdir(this.dir))
        .filter(n => DEFINITION_FILE.test(n))
        .sort();
      this.folderError = undefined;
    } catch (e) {
      const message = `cannot read the scorecard definitions folder ${
        this.dir
      }: ${(e as Error).message}`;
      if (!this.folderError) this.logger.error(message);
      this.folderError ??= { message, since: new Date().toISOString() };
      return; // keep whatever was live
    }

    let changed = false;
    for (const name of [...this.files.keys()]) {
      if (!names.includes(name)) {
        this.files.delete(name);
        changed = true;
        this.logger.info(
          `Scorecard definitions file ${this.label(name)} was removed`,
        );
      }
    }
    for (const name of names) {
      let content: string;
      try {
        content = await fs.promises.readFile(
          path.join(this.dir, name),
          'utf-8',
        );
      } catch {
        continue; // removed while listing; the next reload sees it gone
      }
      const state = this.files.get(name);
      if (state?.content === content) continue;
      changed = true;
      this.files.set(name, this.parse(name, content, state));
    }
    if (changed) this.rebuild();
  }

  private parse(
    name: string,
    content: string,
    previous?: FileState,
  ): FileState {
    const label = this.label(name);
    try {
      const good = parseScorecardDefinitions(content, label);
      if (previous?.error)
        this.logger.info(`Scorecard definitions file ${label} is valid again`);
      return { content, good };
    } catch (e) {
      const message = (e as Error).message;
      this.logger.error(
        `Rejected scorecard definitions file; ${
          previous?.good
            ? 'its last good version stays live'
            : 'it has no good version yet'
        }: ${message}`,
      );
      return {
        content,
        good: previous?.good,
        error: {
          message,
          since: previous?.error?.since ?? new Date().toISOString(),
        },
      };
    }
  }

  /** The live list, in file order; a scorecard id already defined by an earlier file is rejected. */
  private rebuild() {
    const live: LoadedScorecard[] = [];
    const clashes: DefinitionLoadError[] = [];
    const owners = new Map<string, string>();
    const files = [...this.files].sort(([a], [b]) => a.localeCompare(b));
    for (const [name, state] of files) {
      for (const definition of state.good ?? []) {
        const file = this.label(name);
        const other = owners.get(definition.id);
        if (other) {
          clashes.push({
            file,
            message: `${file}: scorecard "${definition.id}": id is already used by ${other}; this one is ignored`,
            since: new Date().toISOString(),
            keptLastGood: false,
          });
          continue;
        }
        owners.set(definition.id, file);
        const hash = createHash('sha256')
          .update(stableStringify(definition))
          .digest('hex')
          .slice(0, 16);
        live.push({ definition, file, hash });
      }
    }
    for (const clash of clashes) this.logger.error(clash.message);
    this.live = live;
    this.clashes = clashes;
  }
}
