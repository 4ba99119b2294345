/**
 * Scorecards: the repository fact source (`repo.*`).
 *
 * @packageDocumentation
 */
export { scorecardsModuleRepoFacts as default } from './module';
export { RepoFactSource, type RepoFactSourceOptions } from './RepoFactSource';
export {
  REPO_FACTS,
  extractRepoFacts,
  isRelevantFile,
  type RepoFactName,
  type RepoSnapshot,
} from './repoFacts';
export { sastToolsInCiConfig } from './sastTools';
export { repoFolderUrls } from './repoLocation';
