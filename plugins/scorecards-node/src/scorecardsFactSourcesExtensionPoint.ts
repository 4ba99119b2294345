import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { FactSource } from './FactSource';

/**
 * Lets backend modules add fact sources to the scorecards plugin, e.g. a
 * repository or Kubernetes source, without changing the engine.
 *
 * @public
 */
export interface ScorecardsFactSourcesExtensionPoint {
  /** Adds fact sources; their ids must be unique (`catalog` is built in). */
  addFactSource(...sources: FactSource[]): void;
}

/**
 * The extension point for {@link ScorecardsFactSourcesExtensionPoint}.
 *
 * @example
 * ```ts
 * export default createBackendModule({
 *   pluginId: 'scorecards',
 *   moduleId: 'repo-facts',
 *   register(env) {
 *     env.registerInit({
 *       deps: { factSources: scorecardsFactSourcesExtensionPoint, urlReader: coreServices.urlReader },
 *       async init({ factSources, urlReader }) {
 *         factSources.addFactSource(new RepoFactSource(urlReader));
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const scorecardsFactSourcesExtensionPoint =
  createExtensionPoint<ScorecardsFactSourcesExtensionPoint>({
    id: 'scorecards.fact-sources',
  });
