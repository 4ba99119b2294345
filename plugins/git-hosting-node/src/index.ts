import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import path from 'node:path';
import { GitRepositoryStore } from './GitRepositoryStore';

export { GitRepositoryStore, normalizeRepoPath } from './GitRepositoryStore';
export type { PushDirectoryOptions, RepoSummary } from './GitRepositoryStore';
export { assertRepoName, assertRepoRef } from './names';
export type { RepoRef } from './names';

/**
 * The portal's git host (local mode). Root-scoped: the git-hosting backend
 * plugin serves it over HTTP and the scaffolder publishes into it.
 */
export const gitHostingServiceRef = createServiceRef<GitRepositoryStore>({
  id: 'launchpad.git-hosting',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) =>
        new GitRepositoryStore(path.resolve(config.getOptionalString('gitHosting.root') ?? '../../data/git')),
    }),
});
export { gitBaseUrl, parseGitFileUrl, repoUrls } from './urls';
export type { GitFileUrl } from './urls';
