import {
  ReadUrlResponseFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import type { ReadTreeResponseFactory } from '@backstage/backend-defaults/urlReader';
import {
  coreServices,
  createServiceFactory,
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import {
  InputError,
  NotAllowedError,
  NotModifiedError,
} from '@backstage/errors';
import {
  defaultGitHostingSettings,
  gitBaseUrl,
  GitRepositoryStore,
  gitHostingServiceRef,
  normalizeRepoPath,
  parseGitFileUrl,
  readGitHostingSettings,
} from '@internal/plugin-git-hosting-node';
import { Readable } from 'node:stream';
import { compileGlob } from './glob';

/** Limits of {@link GitHostUrlReader.search}. */
export interface SearchLimits {
  maxGlobLength: number;
  maxSearchMatches: number;
}

/**
 * Reads files and folders of the portal's git host straight from the
 * repositories (no HTTP round trip), for the catalog (catalog-info.yaml,
 * $text definitions) and the scaffolder (templates kept in a repository).
 */
export class GitHostUrlReader implements UrlReaderService {
  constructor(
    private readonly store: GitRepositoryStore,
    private readonly base: string,
    private readonly treeResponseFactory: ReadTreeResponseFactory,
    private readonly limits: SearchLimits = defaultGitHostingSettings,
  ) {}

  async readUrl(
    url: string,
    options?: { etag?: string },
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const target = parseGitFileUrl(this.base, url);
    if (target.kind === 'tree')
      throw new NotAllowedError(
        `${url} is a folder; use a /raw/ URL to read a file`,
      );
    const filePath = normalizeRepoPath(target.path); // refused before any git runs
    // The commit is the etag: compare before reading anything.
    const commit = await this.store.resolveCommit(target, target.ref);
    if (options?.etag === commit) throw new NotModifiedError();
    const { content } = await this.store.readFile(target, commit, filePath);
    return ReadUrlResponseFactory.fromReadable(Readable.from(content), {
      etag: commit,
    });
  }

  async readTree(
    url: string,
    options?: { etag?: string },
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const target = parseGitFileUrl(this.base, url);
    const subpath = normalizeRepoPath(target.path); // refused before any git runs
    // Compare the etag before `git archive` starts: an archive nobody reads
    // would keep its process blocked on a full pipe.
    const commit = await this.store.resolveCommit(target, target.ref);
    if (options?.etag === commit) throw new NotModifiedError();
    const { stream } = await this.store.archive(target, commit, subpath);
    return this.treeResponseFactory.fromTarArchive({
      stream,
      subpath,
      etag: commit,
    });
  }

  /**
   * Files matching a glob in the path (the catalog reads locations this
   * way). The glob is compiled once, without brace expansion, and capped in
   * length; more matches than the cap is an error, not a silent cut.
   */
  async search(
    url: string,
    options?: { etag?: string },
  ): Promise<UrlReaderServiceSearchResponse> {
    const target = parseGitFileUrl(this.base, url);
    const glob = compileGlob(target.path, {
      maxLength: this.limits.maxGlobLength,
    });
    const etag = await this.store.resolveCommit(target, target.ref);
    if (options?.etag === etag) throw new NotModifiedError();
    const files = await this.store.listFiles(target, etag);
    const matches: string[] = [];
    for (const file of files) {
      if (!glob.match(file)) continue;
      if (matches.length === this.limits.maxSearchMatches) {
        throw new InputError(
          `${url} matches more than ${this.limits.maxSearchMatches} files; narrow the glob`,
        );
      }
      matches.push(file);
    }
    const enc = encodeURIComponent;
    const prefix = `${this.base}/${enc(target.org)}/${enc(
      target.name,
    )}/raw/${enc(target.ref)}/`;
    return {
      etag,
      files: matches.map(file => ({
        url: `${prefix}${file.split('/').map(enc).join('/')}`,
        content: async () =>
          (await this.store.readFile(target, etag, file)).content,
      })),
    };
  }

  toString() {
    return `git-host{base=${this.base}}`;
  }
}

/** Adds {@link GitHostUrlReader} to every plugin's UrlReader. */
export const gitHostUrlReaderFactory = createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: { store: gitHostingServiceRef, config: coreServices.rootConfig },
  async factory({ store, config }) {
    const base = gitBaseUrl(config.getString('backend.baseUrl'));
    const settings = readGitHostingSettings(config);
    return ({ treeResponseFactory }) => {
      const reader = new GitHostUrlReader(
        store,
        base,
        treeResponseFactory,
        settings,
      );
      return [
        { reader, predicate: (url: URL) => url.href.startsWith(`${base}/`) },
      ];
    };
  },
});
