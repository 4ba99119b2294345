import {
  parseScorecardDefinitions,
  ScorecardDefinitionError,
} from './parseScorecardDefinitions';

const FILE = 'scorecards/services.yaml';

const valid = `
id: services
title: Service maturity
appliesTo:
  kind: Component
  type: [service]
checks:
  - id: has-description
    title: Has a description
    level: bronze
    fact: catalog.hasDescription
    operator: equals
    value: true
  - id: has-ci
    title: Has a CI workflow
    level: silver
    points: 3
    fact: repo.hasCiWorkflow
    operator: equals
    value: true
  - id: has-docs
    title: Has TechDocs
    level: gold
    fact: catalog.techDocsRef
    operator: exists
`;

/** The problems reported for a file, or a failure if it parses. */
function problems(text: string): string[] {
  try {
    parseScorecardDefinitions(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ScorecardDefinitionError);
    expect((e as ScorecardDefinitionError).fileName).toBe(FILE);
    return (e as ScorecardDefinitionError).problems;
  }
  throw new Error('expected the definition to be rejected');
}

describe('parseScorecardDefinitions', () => {
  it('reads a definition and fills in the defaults', () => {
    const [definition] = parseScorecardDefinitions(valid, FILE);
    expect(definition.id).toBe('services');
    expect(definition.appliesTo).toEqual({
      kind: ['Component'],
      type: ['service'],
    });
    expect(definition.levels.map(l => l.id)).toEqual([
      'bronze',
      'silver',
      'gold',
    ]);
    expect(definition.checks.map(c => [c.id, c.level, c.points])).toEqual([
      ['has-description', 'bronze', 1],
      ['has-ci', 'silver', 3],
      ['has-docs', 'gold', 1],
    ]);
    expect(definition.checks[2].value).toBe(true);
  });

  it('reads several scorecards from one file, and its own levels', () => {
    const text = `${valid}
---
id: libraries
title: Libraries
appliesTo: { kind: [Component], type: library }
levels:
  - { id: basic, title: Basic }
  - { id: mature, title: Mature }
checks:
  - { id: owned, title: Owned, level: basic, fact: catalog.ownerExists, operator: equals, value: true }
---
`;
    const definitions = parseScorecardDefinitions(text, FILE);
    expect(definitions.map(d => d.id)).toEqual(['services', 'libraries']);
    expect(definitions[1].levels.map(l => l.id)).toEqual(['basic', 'mature']);
  });

  it('names the file, the check and the field of an unknown operator', () => {
    expect(
      problems(
        valid.replace(
          'operator: equals\n    value: true\n  - id: has-docs',
          'operator: is\n    value: true\n  - id: has-docs',
        ),
      ),
    ).toEqual([
      `${FILE}: check "has-ci": operator must be one of equals, notEquals, gt, gte, lt, lte, exists, includes, includesAll, includesAny, oneOf, matches`,
    ]);
  });

  it('names the check and field of a value that does not suit its operator', () => {
    const text = valid.replace(
      'operator: equals\n    value: true\n  - id: has-ci',
      'operator: gte\n    value: lots\n  - id: has-ci',
    );
    expect(problems(text)).toEqual([
      `${FILE}: check "has-description": value must be a number for operator gte`,
    ]);
  });

  it('rejects a level the scorecard does not have', () => {
    expect(problems(valid.replace('level: gold', 'level: platinum'))).toEqual([
      `${FILE}: check "has-docs": level must be one of bronze, silver, gold`,
    ]);
  });

  it('reports missing fields, unknown fields and bad fact names, each with its check', () => {
    const text = valid
      .replace('    title: Has a CI workflow\n', '')
      .replace('operator: exists', 'operatr: exists')
      .replace('fact: catalog.hasDescription', 'fact: hasDescription');
    expect(problems(text)).toEqual([
      `${FILE}: check "has-description": fact must be named after its source, e.g. catalog.hasDescription`,
      `${FILE}: check "has-ci": title is required`,
      `${FILE}: check "has-docs": operator is required`,
      `${FILE}: check "has-docs": has unknown field "operatr"`,
    ]);
  });

  it('numbers a check that has no id', () => {
    const text = valid.replace('  - id: has-ci\n', '  - ident: has-ci\n');
    expect(problems(text)).toEqual([
      `${FILE}: check #2: id is required`,
      `${FILE}: check #2: has unknown field "ident"`,
    ]);
  });

  it('rejects duplicate check ids and invalid regular expressions', () => {
    const text = `${valid}  - id: has-ci
    title: Again
    level: gold
    fact: catalog.templateVersion
    operator: matches
    value: "(unclosed"
`;
    const found = problems(text);
    expect(found[0]).toBe(
      `${FILE}: check "has-ci": id "has-ci" is used by another check`,
    );
    expect(found[1]).toMatch(
      new RegExp(
        `^${FILE}: check "has-ci": value is not a valid regular expression: `,
      ),
    );
  });

  it('names scorecard-level fields', () => {
    expect(
      problems(valid.replace('  kind: Component\n', '  kind: []\n')),
    ).toEqual([
      `${FILE}: scorecard "services": appliesTo.kind must have at least 1 item(s)`,
    ]);
    expect(
      problems(valid.replace('  kind: Component\n', '  kind: 3\n')),
    ).toEqual([
      `${FILE}: scorecard "services": appliesTo.kind must be a string or a list of strings`,
    ]);
    expect(problems('id: Services!\ntitle: x\nchecks: []\n')).toEqual([
      `${FILE}: scorecard "Services!": id must be lowercase letters, digits and dashes`,
      `${FILE}: scorecard "Services!": checks must have at least 1 item(s)`,
    ]);
    expect(problems('title: x\nchecks: []\n---\nid: ok\n')).toEqual([
      `${FILE}: document 1: id is required`,
      `${FILE}: document 1: checks must have at least 1 item(s)`,
      `${FILE}: scorecard "ok": title is required`,
      `${FILE}: scorecard "ok": checks is required`,
    ]);
  });

  it('reports YAML syntax errors with the file name', () => {
    const [problem] = problems('id: services\nchecks: [unclosed\n');
    expect(problem).toMatch(/^scorecards\/services\.yaml: invalid YAML: /);
  });

  it('rejects a scorecard id used twice in a file', () => {
    const text = `${valid}\n---\n${valid}`;
    expect(problems(text)).toEqual([
      `${FILE}: scorecard "services": id is used by another scorecard in this file`,
    ]);
  });

  it('accepts an empty file', () => {
    expect(parseScorecardDefinitions('# nothing yet\n', FILE)).toEqual([]);
  });
});
