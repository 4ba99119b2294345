export { searchModuleLaunchpad as default } from './module';
export { launchpadEntityTransformer, nameWords } from './entityTransformer';
export type { LaunchpadCatalogFields } from './entityTransformer';
export { RankedSearchEngine, RANKED_WINDOW } from './RankedSearchEngine';
export { rankResults, nameMatch, PREFERRED_KINDS } from './ranking/rankResults';
export {
  launchpadQueryTranslator,
  queryWords,
  toPgTerm,
} from './ranking/queryTranslator';
