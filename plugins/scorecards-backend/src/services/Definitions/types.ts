import type {
  DefinitionLoadError,
  ScorecardDefinition,
} from '@internal/plugin-scorecards-common';

/** A live scorecard definition and where it came from. */
export interface LoadedScorecard {
  definition: ScorecardDefinition;
  /** The file, named as in error messages, e.g. `scorecards/services.yaml`. */
  file: string;
  /** Hash of the definition; a new hash means the rules changed. */
  hash: string;
}

/** The scorecard definitions kept in a folder, reloaded when files change. */
export interface DefinitionsService {
  /** The live definitions: each file's latest good version. */
  list(): LoadedScorecard[];
  /** Files whose current content is rejected, or that clash with another file. */
  errors(): DefinitionLoadError[];
  /** Reads the folder again; cheap when nothing changed. */
  reload(): Promise<void>;
}

export type { DefinitionLoadError };
