import { parseAllDocuments } from 'yaml';
import type { CheckDefinition, ScorecardDefinition } from '../types';
import { isInitiativeDocument } from '../initiatives/parseInitiatives';
import { describeIssue, fieldPath, type Issue } from './issues';
import { scorecardSchema } from './schema';

/**
 * A scorecard definition file that cannot be used. Its message lists every
 * problem, one a line, each naming the file, the scorecard or check, and the
 * field, e.g.
 * `scorecards/services.yaml: check "has-ci": operator must be one of equals, notEquals, ...`.
 *
 * @public
 */
export class ScorecardDefinitionError extends Error {
  /** The file name, as given to {@link parseScorecardDefinitions}. */
  readonly fileName: string;
  /** One message per problem. */
  readonly problems: string[];

  constructor(fileName: string, problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScorecardDefinitionError';
    this.fileName = fileName;
    this.problems = problems;
  }
}

function named(raw: unknown, key: 'id'): string | undefined {
  const value = (raw as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' && value ? value : undefined;
}

/** "check "has-ci": operator must be …", or "scorecard "services": appliesTo.kind must be …". */
function locate(issue: Issue, raw: unknown, documentLabel: string): string {
  const path = issue.path;
  const message = describeIssue(issue);
  const say = (where: string, rest: ReadonlyArray<PropertyKey>) => {
    const field = fieldPath(rest);
    return `${where}: ${field ? `${field} ` : ''}${message}`;
  };
  if (path[0] === 'checks' && typeof path[1] === 'number') {
    const rawCheck = (raw as { checks?: unknown[] })?.checks?.[path[1]];
    const checkId = named(rawCheck, 'id');
    return say(
      checkId ? `check "${checkId}"` : `check #${path[1] + 1}`,
      path.slice(2),
    );
  }
  const scorecardId = named(raw, 'id');
  return say(scorecardId ? `scorecard "${scorecardId}"` : documentLabel, path);
}

/**
 * Parses and validates the scorecard definitions in one YAML file (one
 * scorecard per YAML document; `---` separates several). Documents with
 * `kind: Initiative` are not scorecards and are left to
 * {@link parseInitiatives}.
 *
 * @param text - The file's content.
 * @param fileName - How to name the file in error messages, e.g. `scorecards/services.yaml`.
 * @returns The definitions, with defaults applied (levels bronze/silver/gold,
 *   1 point per check, kind Component).
 * @throws {@link ScorecardDefinitionError} naming every problem found.
 * @public
 */
export function parseScorecardDefinitions(
  text: string,
  fileName: string,
): ScorecardDefinition[] {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [];
  const problems: string[] = [];
  const definitions: ScorecardDefinition[] = [];

  list.forEach((document, index) => {
    const label = list.length > 1 ? `document ${index + 1}` : 'scorecard';
    if (document.errors.length > 0) {
      for (const error of document.errors)
        problems.push(`${fileName}: invalid YAML: ${error.message}`);
      return;
    }
    const raw: unknown = document.toJS();
    if (raw === null || raw === undefined) return; // an empty document, e.g. after a trailing ---
    if (isInitiativeDocument(raw)) return; // read by parseInitiatives
    const parsed = scorecardSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${fileName}: ${locate(issue, raw, label)}`);
      return;
    }
    const { checks, ...rest } = parsed.data;
    definitions.push({
      ...rest,
      checks: checks.map(
        c =>
          ({
            ...c,
            value: c.value === undefined ? true : c.value,
          } as CheckDefinition),
      ),
    });
  });

  const ids = new Set<string>();
  for (const definition of definitions) {
    if (ids.has(definition.id)) {
      problems.push(
        `${fileName}: scorecard "${definition.id}": id is used by another scorecard in this file`,
      );
    }
    ids.add(definition.id);
  }

  if (problems.length > 0)
    throw new ScorecardDefinitionError(fileName, problems);
  return definitions;
}
