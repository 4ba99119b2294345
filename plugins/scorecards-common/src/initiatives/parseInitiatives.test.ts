import { parseScorecardDefinitions } from '../definitions/parseScorecardDefinitions';
import {
  InitiativeDefinitionError,
  parseInitiatives,
} from './parseInitiatives';

const FILE = 'scorecards/initiatives.yaml';

const valid = `kind: Initiative
id: production-silver
title: Production services at silver
scorecard: service-maturity
targetLevel: silver
appliesTo:
  lifecycle: production
dueDate: 2027-03-31
owner: group:default/platform
`;

function problems(text: string): string[] {
  try {
    parseInitiatives(text, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(InitiativeDefinitionError);
    expect((e as InitiativeDefinitionError).fileName).toBe(FILE);
    return (e as InitiativeDefinitionError).problems;
  }
  throw new Error('expected the initiatives to be rejected');
}

describe('parseInitiatives', () => {
  it('reads an initiative, with its scope as lists', () => {
    expect(parseInitiatives(valid, FILE)).toEqual([
      {
        id: 'production-silver',
        title: 'Production services at silver',
        scorecard: 'service-maturity',
        targetLevel: 'silver',
        appliesTo: { lifecycle: ['production'] },
        dueDate: '2027-03-31',
        owner: 'group:default/platform',
      },
    ]);
  });

  it('skips documents that are not initiatives, and scorecards skip initiatives', () => {
    const scorecard = `id: services
title: Services
checks:
  - { id: described, title: Described, level: bronze, fact: catalog.hasDescription, operator: equals, value: true }
`;
    const text = `${scorecard}---\n${valid}`;
    expect(parseInitiatives(text, FILE).map(i => i.id)).toEqual([
      'production-silver',
    ]);
    expect(parseScorecardDefinitions(text, FILE).map(d => d.id)).toEqual([
      'services',
    ]);
    expect(parseInitiatives(scorecard, FILE)).toEqual([]);
  });

  it('names the file, the initiative and the field of every problem', () => {
    const text = valid
      .replace('dueDate: 2027-03-31', 'dueDate: 2027-02-30')
      .replace('targetLevel: silver\n', '')
      .replace('lifecycle: production', 'lifecycle: production\n  owner: x');
    expect(problems(text)).toEqual([
      `${FILE}: initiative "production-silver": targetLevel is required`,
      `${FILE}: initiative "production-silver": appliesTo has unknown field "owner"`,
      `${FILE}: initiative "production-silver": dueDate must be a date (YYYY-MM-DD)`,
    ]);
  });

  it('numbers an initiative without an id, and rejects duplicate ids', () => {
    expect(problems(valid.replace('id: production-silver\n', ''))).toEqual([
      `${FILE}: initiative #1: id is required`,
    ]);
    expect(problems(`${valid}---\n${valid}`)).toEqual([
      `${FILE}: initiative "production-silver": id is used by another initiative in this file`,
    ]);
  });

  it('reports YAML syntax errors with the file name', () => {
    const [problem] = problems('kind: Initiative\nid: [unclosed\n');
    expect(problem).toMatch(/^scorecards\/initiatives\.yaml: invalid YAML: /);
  });
});
