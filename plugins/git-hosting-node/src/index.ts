import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readGitHostingSettings } from './config';
import { GitRunner } from './git/GitRunner';
import { GitRepositoryStore } from './GitRepositoryStore';

export { GitRepositoryStore, normalizeRepoPath } from './GitRepositoryStore';
export type {
  CommitDiff,
  CommitFilesOptions,
  MergeResult,
  PushDirectoryOptions,
  RepoSummary,
  UploadPackOptions,
} from './GitRepositoryStore';
export { assertRepoName, assertRepoRef } from './names';
export type { RepoRef } from './names';
export {
  assertCommitId,
  assertRevision,
  changeBranch,
  CHANGE_BRANCH_PREFIX,
} from './validation';
export {
  GitRunner,
  GitCommandError,
  defaultGitRunnerOptions,
  gitEnv,
} from './git/GitRunner';
export type {
  GitRunnerOptions,
  GitProcess,
  GitEnv,
  GitCallOptions,
} from './git/GitRunner';
export { gitArgv, HARDENING_ARGS } from './git/gitArgv';
export type { GitCommand, GitSubcommand } from './git/gitArgv';
export { ConcurrencyLimiter } from './git/ConcurrencyLimiter';
export type { ConcurrencyLimiterOptions } from './git/ConcurrencyLimiter';
export { readGitHostingSettings, defaultGitHostingSettings } from './config';
export type { GitHostingSettings } from './config';

/**
 * The portal's git host. Root-scoped: the git-hosting backend plugin serves
 * it over HTTP and the scaffolder publishes into it; one runner, so one
 * concurrency cap for every git process of the backend.
 */
export const gitHostingServiceRef = createServiceRef<GitRepositoryStore>({
  id: 'launchpad.git-hosting',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { config: coreServices.rootConfig },
      factory: ({ config }) => {
        const settings = readGitHostingSettings(config);
        return new GitRepositoryStore(
          settings.root,
          new GitRunner(settings.runner),
        );
      },
    }),
});
export { gitBaseUrl, parseGitFileUrl, repoUrls } from './urls';
export type { GitFileUrl } from './urls';
export {
  gitChangesManagePermission,
  gitHostingPermissions,
} from './permissions';
