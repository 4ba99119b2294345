import { applyOperator } from './applyOperator';

describe('applyOperator', () => {
  it('equals compares scalars, null and lists element by element', () => {
    expect(applyOperator('equals', true, true).passed).toBe(true);
    expect(applyOperator('equals', 'production', 'production').passed).toBe(
      true,
    );
    expect(applyOperator('equals', 'production', 'experimental').passed).toBe(
      false,
    );
    expect(applyOperator('equals', 1, '1').passed).toBe(false);
    expect(applyOperator('equals', null, null).passed).toBe(true);
    expect(applyOperator('equals', ['a', 'b'], ['a', 'b']).passed).toBe(true);
    expect(applyOperator('equals', ['a', 'b'], ['b', 'a']).passed).toBe(false);
  });

  it('notEquals is the negation of equals', () => {
    expect(applyOperator('notEquals', 'deprecated', 'production').passed).toBe(
      true,
    );
    expect(applyOperator('notEquals', 'production', 'production').passed).toBe(
      false,
    );
    expect(applyOperator('notEquals', null, 'production').passed).toBe(true);
  });

  it.each([
    ['gt', 3, 2, true],
    ['gt', 2, 2, false],
    ['gte', 2, 2, true],
    ['gte', 1, 2, false],
    ['lt', 1, 2, true],
    ['lt', 2, 2, false],
    ['lte', 2, 2, true],
    ['lte', 3, 2, false],
  ] as const)(
    '%s compares numbers (%p vs %p)',
    (operator, actual, expected, passed) => {
      expect(applyOperator(operator, actual, expected)).toEqual({ passed });
    },
  );

  it('numeric operators fail, saying why, when the fact is not a number', () => {
    expect(applyOperator('gte', '3', 2)).toEqual({
      passed: false,
      message: 'expected a number, the fact has a string',
    });
    expect(applyOperator('lt', null, 2)).toEqual({
      passed: false,
      message: 'expected a number, the fact has no value',
    });
  });

  it('exists checks for a value, or its absence with value false', () => {
    expect(applyOperator('exists', 'docs/', true).passed).toBe(true);
    expect(applyOperator('exists', false, true).passed).toBe(true);
    expect(applyOperator('exists', null, true).passed).toBe(false);
    expect(applyOperator('exists', null, false).passed).toBe(true);
    expect(applyOperator('exists', 'x', false).passed).toBe(false);
  });

  it('includes looks for one value in a list', () => {
    expect(applyOperator('includes', ['dev', 'prod'], 'prod').passed).toBe(
      true,
    );
    expect(applyOperator('includes', ['dev'], 'prod').passed).toBe(false);
    expect(applyOperator('includes', 'prod', 'prod')).toEqual({
      passed: false,
      message: 'expected a list, the fact has a string',
    });
  });

  it('includesAll needs every value, includesAny one of them', () => {
    const envs = ['dev', 'stage', 'prod'];
    expect(
      applyOperator('includesAll', envs, ['dev', 'stage', 'prod']).passed,
    ).toBe(true);
    expect(
      applyOperator('includesAll', ['dev', 'prod'], ['dev', 'stage', 'prod'])
        .passed,
    ).toBe(false);
    expect(applyOperator('includesAny', ['dev'], ['stage', 'dev']).passed).toBe(
      true,
    );
    expect(applyOperator('includesAny', [], ['stage', 'dev']).passed).toBe(
      false,
    );
    expect(applyOperator('includesAll', null, ['dev']).passed).toBe(false);
  });

  it('oneOf accepts any of the listed values', () => {
    expect(
      applyOperator('oneOf', 'production', ['production', 'experimental'])
        .passed,
    ).toBe(true);
    expect(
      applyOperator('oneOf', 'deprecated', ['production', 'experimental'])
        .passed,
    ).toBe(false);
    expect(applyOperator('oneOf', null, ['production']).passed).toBe(false);
  });

  it('matches tests a string against a regular expression', () => {
    expect(applyOperator('matches', '2.1.0', '^2\\.').passed).toBe(true);
    expect(applyOperator('matches', '1.9.0', '^2\\.').passed).toBe(false);
    expect(applyOperator('matches', 2, '^2').passed).toBe(false);
  });
});
