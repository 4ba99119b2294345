import { parseAllDocuments } from 'yaml';
import { describeIssue, fieldPath, type Issue } from '../definitions/issues';
import { INITIATIVE_KIND, type InitiativeDefinition } from '../types';
import { initiativeSchema } from './schema';

/**
 * An initiatives file that cannot be used. Its message lists every problem,
 * one a line, each naming the file, the initiative and the field, e.g.
 * `scorecards/initiatives.yaml: initiative "prod-silver": dueDate must be a date (YYYY-MM-DD)`.
 *
 * @public
 */
export class InitiativeDefinitionError extends Error {
  /** The file name, as given to {@link parseInitiatives}. */
  readonly fileName: string;
  /** One message per problem. */
  readonly problems: string[];

  constructor(fileName: string, problems: string[]) {
    super(problems.join('\n'));
    this.name = 'InitiativeDefinitionError';
    this.fileName = fileName;
    this.problems = problems;
  }
}

/**
 * Whether a parsed YAML document is an initiative (`kind: Initiative`).
 *
 * @public
 */
export function isInitiativeDocument(raw: unknown): boolean {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as { kind?: unknown }).kind === INITIATIVE_KIND
  );
}

function locate(issue: Issue, raw: unknown, index: number): string {
  const value = (raw as Record<string, unknown>).id;
  const where =
    typeof value === 'string' && value
      ? `initiative "${value}"`
      : `initiative #${index + 1}`;
  const field = fieldPath(issue.path);
  return `${where}: ${field ? `${field} ` : ''}${describeIssue(issue)}`;
}

/**
 * Parses and validates the initiatives in one YAML file: every document with
 * `kind: Initiative` (other documents, e.g. scorecards, are skipped).
 *
 * @param text - The file's content.
 * @param fileName - How to name the file in error messages, e.g. `scorecards/initiatives.yaml`.
 * @returns The initiatives, in file order.
 * @throws {@link InitiativeDefinitionError} naming every problem found.
 * @public
 */
export function parseInitiatives(
  text: string,
  fileName: string,
): InitiativeDefinition[] {
  const problems: string[] = [];
  const initiatives: InitiativeDefinition[] = [];
  let count = 0;

  const documents = parseAllDocuments(text);
  for (const document of Array.isArray(documents) ? documents : []) {
    if (document.errors.length > 0) {
      for (const error of document.errors)
        problems.push(`${fileName}: invalid YAML: ${error.message}`);
      continue;
    }
    const raw: unknown = document.toJS();
    if (!isInitiativeDocument(raw)) continue;
    const index = count++;
    const parsed = initiativeSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${fileName}: ${locate(issue, raw, index)}`);
      continue;
    }
    const { kind: _kind, ...initiative } = parsed.data;
    initiatives.push(initiative);
  }

  const ids = new Set<string>();
  for (const initiative of initiatives) {
    if (ids.has(initiative.id)) {
      problems.push(
        `${fileName}: initiative "${initiative.id}": id is used by another initiative in this file`,
      );
    }
    ids.add(initiative.id);
  }

  if (problems.length > 0)
    throw new InitiativeDefinitionError(fileName, problems);
  return initiatives;
}
