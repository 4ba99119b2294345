import type { CheckOperator, FactValue } from '../types';

/**
 * The outcome of comparing a known fact with a check's value.
 *
 * @public
 */
export interface OperatorOutcome {
  /** Whether the comparison holds. */
  passed: boolean;
  /** Why it does not hold when the fact has the wrong shape (e.g. a string where a number is expected). */
  message?: string;
}

type Scalar = string | number | boolean;

function describe(value: FactValue): string {
  if (value === null) return 'no value';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

function sameValue(a: FactValue, b: FactValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => item === b[i]);
  }
  return a === b;
}

function asList(actual: FactValue): ReadonlyArray<Scalar> | undefined {
  return Array.isArray(actual) ? (actual as ReadonlyArray<Scalar>) : undefined;
}

function compareNumbers(
  actual: FactValue,
  expected: FactValue,
  holds: (a: number, b: number) => boolean,
): OperatorOutcome {
  if (typeof actual !== 'number') {
    return {
      passed: false,
      message: `expected a number, the fact has ${describe(actual)}`,
    };
  }
  return { passed: holds(actual, Number(expected)) };
}

function listOperator(
  actual: FactValue,
  holds: (list: ReadonlyArray<Scalar>) => boolean,
): OperatorOutcome {
  const list = asList(actual);
  if (!list) {
    return {
      passed: false,
      message: `expected a list, the fact has ${describe(actual)}`,
    };
  }
  return { passed: holds(list) };
}

function expectedList(expected: FactValue): ReadonlyArray<Scalar> {
  return Array.isArray(expected)
    ? (expected as ReadonlyArray<Scalar>)
    : [expected as Scalar];
}

// Definitions change rarely and a run applies the same pattern to every entity.
const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regExp = patterns.get(pattern);
  if (!regExp) {
    regExp = new RegExp(pattern);
    patterns.set(pattern, regExp);
  }
  return regExp;
}

/**
 * Compares a known fact value with a check's expected value. Pure; the
 * definition loader has already checked that `expected` suits the operator.
 *
 * @public
 */
export function applyOperator(
  operator: CheckOperator,
  actual: FactValue,
  expected: FactValue,
): OperatorOutcome {
  switch (operator) {
    case 'equals':
      return { passed: sameValue(actual, expected) };
    case 'notEquals':
      return { passed: !sameValue(actual, expected) };
    case 'gt':
      return compareNumbers(actual, expected, (a, b) => a > b);
    case 'gte':
      return compareNumbers(actual, expected, (a, b) => a >= b);
    case 'lt':
      return compareNumbers(actual, expected, (a, b) => a < b);
    case 'lte':
      return compareNumbers(actual, expected, (a, b) => a <= b);
    case 'exists':
      return { passed: (actual !== null) === (expected !== false) };
    case 'includes':
      return listOperator(actual, list => list.includes(expected as Scalar));
    case 'includesAll':
      return listOperator(actual, list =>
        expectedList(expected).every(v => list.includes(v)),
      );
    case 'includesAny':
      return listOperator(actual, list =>
        expectedList(expected).some(v => list.includes(v)),
      );
    case 'oneOf':
      return { passed: expectedList(expected).some(v => sameValue(actual, v)) };
    case 'matches':
      if (typeof actual !== 'string') {
        return {
          passed: false,
          message: `expected a string, the fact has ${describe(actual)}`,
        };
      }
      return { passed: compiled(String(expected)).test(actual) };
    default: {
      const unknownOperator: never = operator;
      return {
        passed: false,
        message: `unknown operator ${String(unknownOperator)}`,
      };
    }
  }
}
