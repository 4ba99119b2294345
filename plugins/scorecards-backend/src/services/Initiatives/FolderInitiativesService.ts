import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type InitiativeDefinition,
  parseInitiatives,
} from '@internal/plugin-scorecards-common';
import fs from 'node:fs';
import path from 'node:path';
import type { DefinitionLoadError } from '../Definitions/types';
import type { InitiativesService, LoadedInitiative } from './types';

interface FileState {
  content: string;
  /** The initiatives of the last good content, if there ever was one. */
  good?: InitiativeDefinition[];
  error?: { message: string; since: string };
}

const YAML_FILE = /\.ya?ml$/i;

/**
 * Initiatives from the `kind: Initiative` documents of the `*.yaml` files in
 * the scorecards folder, read again on every listing. A file that turns bad
 * keeps its last good initiatives live and is reported by
 * {@link FolderInitiativesService.errors}; a removed file takes its
 * initiatives with it.
 */
export class FolderInitiativesService implements InitiativesService {
  private readonly files = new Map<string, FileState>();
  private live: LoadedInitiative[] = [];
  private clashes: DefinitionLoadError[] = [];
  private reading?: Promise<void>;

  constructor(
    private readonly options: {
      dir: string;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async list(): Promise<LoadedInitiative[]> {
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    await this.reading;
    return this.live;
  }

  errors(): DefinitionLoadError[] {
    const errors: DefinitionLoadError[] = [];
    for (const [name, state] of this.files) {
      if (state.error) {
        errors.push({
          file: this.label(name),
          ...state.error,
          keptLastGood: Boolean(state.good),
        });
      }
    }
    return [...errors, ...this.clashes];
  }

  private label(name: string) {
    return path.posix.join(path.basename(this.options.dir), name);
  }

  private now() {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private async read(): Promise<void> {
    let names: string[];
    try {
      names = (await fs.promises.readdir(this.options.dir))
        .filter(n => YAML_FILE.test(n))
        .sort();
    } catch (e) {
      // The definitions service reports an unreadable folder; keep what is live.
      this.options.logger.warn(`Cannot read initiatives: ${e}`);
      return;
    }
    let changed = false;
    for (const name of [...this.files.keys()]) {
      if (!names.includes(name)) {
        this.files.delete(name);
        changed = true;
      }
    }
    for (const name of names) {
      let content: string;
      try {
        content = await fs.promises.readFile(
          path.join(this.options.dir, name),
          'utf-8',
        );
      } catch {
        continue; // removed while listing
      }
      const previous = this.files.get(name);
      if (previous?.content === content) continue;
      changed = true;
      this.files.set(name, this.parse(name, content, previous));
    }
    if (changed) this.rebuild();
  }

  private parse(name: string, content: string, previous?: FileState) {
    const label = this.label(name);
    try {
      return { content, good: parseInitiatives(content, label) };
    } catch (e) {
      const message = (e as Error).message;
      this.options.logger.error(
        `Rejected initiatives in ${label}; ${
          previous?.good
            ? 'their last good version stays live'
            : 'they have no good version yet'
        }: ${message}`,
      );
      return {
        content,
        good: previous?.good,
        error: { message, since: previous?.error?.since ?? this.now() },
      };
    }
  }

  /** The live list in file order; an id already used by an earlier file is rejected. */
  private rebuild() {
    const live: LoadedInitiative[] = [];
    const clashes: DefinitionLoadError[] = [];
    const owners = new Map<string, string>();
    const files = [...this.files].sort(([a], [b]) => a.localeCompare(b));
    for (const [name, state] of files) {
      const file = this.label(name);
      for (const initiative of state.good ?? []) {
        const other = owners.get(initiative.id);
        if (other) {
          clashes.push({
            file,
            message: `${file}: initiative "${initiative.id}": id is already used by ${other}; this one is ignored`,
            since: this.now(),
            keptLastGood: false,
          });
          continue;
        }
        owners.set(initiative.id, file);
        live.push({ initiative, file });
      }
    }
    this.live = live;
    this.clashes = clashes;
  }
}
