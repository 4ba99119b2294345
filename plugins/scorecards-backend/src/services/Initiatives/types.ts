import type { InitiativeDefinition } from '@internal/plugin-scorecards-common';
import type { DefinitionLoadError } from '../Definitions/types';

/** A live initiative and the file it came from. */
export interface LoadedInitiative {
  initiative: InitiativeDefinition;
  /** The file, named as in error messages, e.g. `scorecards/initiatives.yaml`. */
  file: string;
}

/** The initiatives kept in the scorecards folder (`kind: Initiative` documents). */
export interface InitiativesService {
  /** Reads the folder again (cheap when nothing changed), then lists the live initiatives. */
  list(): Promise<LoadedInitiative[]>;
  /** Files whose initiatives are rejected as they are now, and id clashes. */
  errors(): DefinitionLoadError[];
}
