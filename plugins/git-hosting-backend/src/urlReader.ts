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
import { NotAllowedError, NotModifiedError } from '@backstage/errors';
import {
  gitBaseUrl,
  GitRepositoryStore,
  gitHostingServiceRef,
  parseGitFileUrl,
} from '@internal/plugin-git-hosting-node';
import { minimatch } from 'minimatch';
import { Readable } from 'node:stream';

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
  ) {}

  async readUrl(url: string, options?: { etag?: string }): Promise<UrlReaderServiceReadUrlResponse> {
    const target = parseGitFileUrl(this.base, url);
    if (target.kind === 'tree') throw new NotAllowedError(`${url} is a folder; use a /raw/ URL to read a file`);
    // The commit is the etag: compare before reading anything.
    const commit = await this.store.resolveCommit(target, target.ref);
    if (options?.etag === commit) throw new NotModifiedError();
    const { content } = await this.store.readFile(target, commit, target.path);
    return ReadUrlResponseFactory.fromReadable(Readable.from(content), { etag: commit });
  }

  async readTree(url: string, options?: { etag?: string }): Promise<UrlReaderServiceReadTreeResponse> {
    const target = parseGitFileUrl(this.base, url);
    // Compare the etag before `git archive` starts: an archive nobody reads
    // would keep its process blocked on a full pipe.
    const commit = await this.store.resolveCommit(target, target.ref);
    if (options?.etag === commit) throw new NotModifiedError();
    const { stream } = await this.store.archive(target, commit, target.path);
    return this.treeResponseFactory.fromTarArchive({
      stream,
      subpath: target.path,
      etag: commit,
    });
  }

  /** Files matching a glob in the path (the catalog reads locations this way). */
  async search(url: string, options?: { etag?: string }): Promise<UrlReaderServiceSearchResponse> {
    const target = parseGitFileUrl(this.base, url);
    const etag = await this.store.resolveCommit(target, target.ref);
    if (options?.etag === etag) throw new NotModifiedError();
    const files = await this.store.listFiles(target, etag);
    const matches = files.filter(file => minimatch(file, target.path, { dot: true }));
    const prefix = url.slice(0, url.length - target.path.length);
    return {
      etag,
      files: matches.map(file => ({
        url: `${prefix.replace('/tree/', '/raw/').replace('/blob/', '/raw/')}${file}`,
        content: async () => (await this.store.readFile(target, etag, file)).content,
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
    return ({ treeResponseFactory }) => {
      const reader = new GitHostUrlReader(store, base, treeResponseFactory);
      return [{ reader, predicate: (url: URL) => url.href.startsWith(`${base}/`) }];
    };
  },
});
