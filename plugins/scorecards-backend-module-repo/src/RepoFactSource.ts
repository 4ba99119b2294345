import pLimit from 'p-limit';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { type Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  type FactSource,
  type FactSourceContext,
  FactSourceUnavailableError,
} from '@internal/plugin-scorecards-node';
import type { FactValues } from '@internal/plugin-scorecards-common';
import { repoFolderUrls } from './repoLocation';
import {
  CONTENT_FACTS,
  extractRepoFacts,
  isCiConfig,
  isRelevantFile,
  REPO_FACTS,
  type RepoFactName,
} from './repoFacts';

/** Options of {@link RepoFactSource}. */
export interface RepoFactSourceOptions {
  /** Reads repositories (`coreServices.urlReader`). */
  reader: UrlReaderService;
  /** Repositories read at the same time; default 8. */
  concurrency?: number;
  /** How long reading one repository may take, in ms; default 30 000. */
  timeoutMs?: number;
}

/** What reading one repository gave. */
type ReadOutcome =
  | { kind: 'read'; facts: FactValues }
  /** No repository at the entity's locations, or none this portal may read. */
  | { kind: 'unreadable' }
  /** The host did not answer (down, timed out, refused the credentials). */
  | { kind: 'failed'; url: string; error: Error };

/**
 * Errors that say "nothing readable here" rather than "the host is down":
 * the repository or folder does not exist, the URL is not one a reader
 * understands, or reading it is not allowed by configuration.
 */
const UNREADABLE_ERRORS = new Set([
  'NotFoundError',
  'NotAllowedError',
  'InputError',
  'NotImplementedError',
]);

/** CI files larger than this are not parsed (no real workflow is this big). */
const MAX_CI_CONFIG_BYTES = 1024 * 1024;

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

async function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} did not answer within ${ms} ms`));
    }, ms);
  });
  try {
    // Not every reader honours the signal; the race bounds the wait anyway.
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Facts from a component's git repository (`repo.*`), read through the
 * portal's UrlReader from the entity's source location: CI configuration,
 * CODEOWNERS, Helm environments, SAST in CI, Dockerfile, README.
 *
 * @remarks
 * Each repository folder is read once per run (with `readTree`, keeping only
 * the files that matter), at most `concurrency` at a time. Entities without
 * a readable repository are left out (their checks are unknown). When no
 * repository could be read because the hosts did not answer, the source is
 * unavailable ({@link FactSourceUnavailableError}); when only some failed,
 * those entities are left out and the failures logged.
 *
 * @public
 */
export class RepoFactSource implements FactSource {
  readonly id = 'repo';
  private readonly concurrency: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: RepoFactSourceOptions) {
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? 8));
    this.timeoutMs = Math.max(1, options.timeoutMs ?? 30_000);
  }

  /** Reads `scorecards.repoFacts.concurrency` and `.timeout` from config. */
  static fromConfig(
    config: Config,
    options: { reader: UrlReaderService },
  ): RepoFactSource {
    const own = config.getOptionalConfig('scorecards.repoFacts');
    return new RepoFactSource({
      reader: options.reader,
      concurrency: own?.getOptionalNumber('concurrency'),
      timeoutMs: own?.has('timeout')
        ? durationToMilliseconds(
            readDurationFromConfig(own, { key: 'timeout' }),
          )
        : undefined,
    });
  }

  async retrieve(
    entities: ReadonlyArray<Entity>,
    { factNames, logger }: FactSourceContext,
  ): Promise<Map<string, FactValues>> {
    const wanted = new Set(
      [...factNames].filter((name): name is RepoFactName => name in REPO_FACTS),
    );
    const facts = new Map<string, FactValues>();
    if (wanted.size === 0) return facts;
    const withContent = [...wanted].some(name => CONTENT_FACTS.has(name));

    // Entities in the same repository folder (a component and its API) are read once.
    const byLocation = new Map<string, { urls: string[]; refs: string[] }>();
    for (const entity of entities) {
      const urls = repoFolderUrls(entity);
      if (urls.length === 0) continue;
      const key = urls.join('\n');
      const group = byLocation.get(key) ?? { urls, refs: [] };
      group.refs.push(stringifyEntityRef(entity));
      byLocation.set(key, group);
    }
    const groups = [...byLocation.values()];
    const limit = pLimit(this.concurrency);
    const outcomes = await Promise.all(
      groups.map(group =>
        limit(() => this.read(group.urls, wanted, withContent)),
      ),
    );

    let read = 0;
    const failures: Array<{ url: string; error: Error }> = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'read') {
        read++;
        for (const ref of groups[i].refs) facts.set(ref, outcome.facts);
      } else if (outcome.kind === 'failed') {
        failures.push(outcome);
      }
    });
    if (failures.length > 0) {
      const first = `${failures[0].url}: ${failures[0].error.message}`;
      if (read === 0) {
        throw new FactSourceUnavailableError(
          `could not read ${failures.length} of ${groups.length} repositories (${first})`,
        );
      }
      logger.warn(
        `Could not read ${failures.length} of ${groups.length} repositories; their repo.* checks are unknown in this run (${first})`,
      );
    }
    logger.debug(
      `Read ${read} of ${groups.length} repositories for ${entities.length} entities`,
    );
    return facts;
  }

  /** Reads the first of the folder URLs that holds a repository. */
  private async read(
    urls: string[],
    wanted: ReadonlySet<string>,
    withContent: boolean,
  ): Promise<ReadOutcome> {
    for (const url of urls) {
      try {
        const tree = await withTimeout(
          signal =>
            this.options.reader.readTree(url, {
              filter: path => isRelevantFile(path),
              signal,
            }),
          this.timeoutMs,
          url,
        );
        const files = await tree.files();
        let ciConfigs: Map<string, string> | undefined;
        if (withContent) {
          ciConfigs = new Map();
          for (const file of files.filter(f => isCiConfig(f.path))) {
            const content = await file.content();
            if (content.length <= MAX_CI_CONFIG_BYTES) {
              ciConfigs.set(file.path, content.toString('utf-8'));
            }
          }
        }
        return {
          kind: 'read',
          facts: extractRepoFacts(
            { files: files.map(f => f.path), ciConfigs },
            wanted,
          ),
        };
      } catch (e) {
        const error = toError(e);
        if (UNREADABLE_ERRORS.has(error.name)) continue;
        return { kind: 'failed', url, error };
      }
    }
    return { kind: 'unreadable' };
  }
}
