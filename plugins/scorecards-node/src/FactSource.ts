import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { CustomErrorBase } from '@backstage/errors';
import type { FactValues } from '@internal/plugin-scorecards-common';

/**
 * What a fact source gets besides the entities.
 *
 * @public
 */
export interface FactSourceContext {
  /**
   * The facts of this source that the live scorecards use (full names,
   * e.g. `repo.hasCodeowners`), so an expensive source can skip the rest.
   */
  factNames: ReadonlySet<string>;
  /** Logger of the scorecards plugin. */
  logger: LoggerService;
}

/**
 * Provides facts about catalog entities to the scorecard engine, e.g. the
 * catalog itself, a component's git repository, or its Kubernetes workloads.
 *
 * @remarks
 * A source with id `repo` provides the facts named `repo.*`. It is asked for
 * the facts of many entities at once, so it can batch its reads. Entities it
 * leaves out of the returned map have unknown facts (their checks evaluate as
 * `unknown`, which does not pass). When the source cannot answer at all (its
 * backing system is down), it throws {@link FactSourceUnavailableError}: the
 * evaluation goes on, and the affected checks say the source was unavailable.
 *
 * @public
 */
export interface FactSource {
  /** The prefix of the facts it provides; lowercase letters and digits, e.g. `repo`. */
  readonly id: string;
  /**
   * The facts of the given entities.
   *
   * @returns Facts keyed by entity ref (`stringifyEntityRef`; case is ignored), each
   *   keyed by full fact name (`<id>.<fact>`).
   */
  retrieve(
    entities: ReadonlyArray<Entity>,
    context: FactSourceContext,
  ): Promise<Map<string, FactValues>>;
}

/**
 * Thrown by a {@link FactSource} whose backing system cannot be reached; the
 * message says why and is shown with every check that depended on it.
 *
 * @public
 */
export class FactSourceUnavailableError extends CustomErrorBase {
  name = 'FactSourceUnavailableError' as const;
}
