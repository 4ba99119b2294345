import { z } from 'zod';
import {
  CHECK_OPERATORS,
  DEFAULT_LEVELS,
  type CheckOperator,
  type FactValue,
} from '../types';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** `<source>.<fact>`: the source id names the fact source that provides it. */
const FACT_PATTERN = /^[a-z][a-zA-Z0-9]*\.[a-zA-Z0-9][a-zA-Z0-9._-]*$/;

const id = z
  .string()
  .regex(ID_PATTERN, { error: 'must be lowercase letters, digits and dashes' });
const text = z.string().trim().min(1);
const stringList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: 'must be a string or a list of strings',
  })
  .transform(v => (typeof v === 'string' ? [v] : v));
const scalar = z.union([z.string(), z.number(), z.boolean()]);
const factValue = z.union([scalar, z.null(), z.array(scalar)], {
  error: 'must be a string, number, boolean, null or a list of them',
});

const check = z.strictObject({
  id,
  title: text,
  description: text.optional(),
  howToFix: text.optional(),
  level: z.string(),
  points: z.number().int().positive().default(1),
  fact: z.string().regex(FACT_PATTERN, {
    error: 'must be named after its source, e.g. catalog.hasDescription',
  }),
  operator: z.enum(CHECK_OPERATORS),
  value: factValue.optional(),
});

const level = z.strictObject({ id, title: text, description: text.optional() });

/** What a value must look like for each operator; undefined when it is fine. */
function valueProblem(
  operator: CheckOperator,
  value: FactValue | undefined,
): string | undefined {
  if (value === undefined) {
    return operator === 'exists'
      ? undefined
      : `is required for operator ${operator}`;
  }
  switch (operator) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number'
        ? undefined
        : `must be a number for operator ${operator}`;
    case 'exists':
      return typeof value === 'boolean'
        ? undefined
        : 'must be true or false for operator exists';
    case 'includes':
      return value !== null && !Array.isArray(value)
        ? undefined
        : 'must be a single string, number or boolean for operator includes';
    case 'includesAll':
    case 'includesAny':
    case 'oneOf':
      return Array.isArray(value) && value.length > 0
        ? undefined
        : `must be a non-empty list for operator ${operator}`;
    case 'matches':
      if (typeof value !== 'string')
        return 'must be a regular expression (a string) for operator matches';
      try {
        RegExp(value); // compiles it: throws on an invalid pattern
        return undefined;
      } catch (e) {
        return `is not a valid regular expression: ${(e as Error).message}`;
      }
    default:
      return undefined;
  }
}

/** The zod schema of one scorecard document. */
export const scorecardSchema = z
  .strictObject({
    id,
    title: text,
    description: text.optional(),
    appliesTo: z
      .strictObject({
        kind: stringList.default(['Component']),
        type: stringList.optional(),
        lifecycle: stringList.optional(),
      })
      .default({ kind: ['Component'] }),
    levels: z
      .array(level)
      .min(1)
      .default(() => DEFAULT_LEVELS.map(l => ({ ...l }))),
    checks: z.array(check).min(1),
  })
  .superRefine((scorecard, ctx) => {
    const levelIds = scorecard.levels.map(l => l.id);
    const seenLevels = new Set<string>();
    scorecard.levels.forEach((l, i) => {
      if (seenLevels.has(l.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'id'],
          message: `"${l.id}" is used twice`,
        });
      }
      seenLevels.add(l.id);
    });
    const seenChecks = new Set<string>();
    scorecard.checks.forEach((c, i) => {
      if (seenChecks.has(c.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'id'],
          message: `"${c.id}" is used by another check`,
        });
      }
      seenChecks.add(c.id);
      if (!levelIds.includes(c.level)) {
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'level'],
          message: `must be one of ${levelIds.join(', ')}`,
        });
      }
      const problem = valueProblem(c.operator, c.value);
      if (problem)
        ctx.addIssue({
          code: 'custom',
          path: ['checks', i, 'value'],
          message: problem,
        });
    });
  });
