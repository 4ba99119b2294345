import {
  evaluateEntity,
  type ScorecardDefinition,
} from '@internal/plugin-scorecards-common';
import { changeReason, scoreSignature } from './changeReason';

const definition: ScorecardDefinition = {
  id: 'services',
  title: 'Services',
  appliesTo: { kind: ['Component'] },
  levels: [{ id: 'bronze', title: 'Bronze' }],
  checks: [
    {
      id: 'described',
      title: 'd',
      level: 'bronze',
      points: 1,
      fact: 'catalog.hasDescription',
      operator: 'equals',
      value: true,
    },
    {
      id: 'ci',
      title: 'ci',
      level: 'bronze',
      points: 1,
      fact: 'repo.hasCiWorkflow',
      operator: 'equals',
      value: true,
    },
  ],
};

const before = evaluateEntity(definition, {
  values: { 'catalog.hasDescription': true, 'repo.hasCiWorkflow': true },
});
const previous = {
  signature: scoreSignature(before),
  definitionHash: 'd1',
  inputHash: 'i1',
};

describe('changeReason', () => {
  const args = {
    definition,
    definitionHash: 'd1',
    inputHash: 'i1',
    unavailableSources: new Set<string>(),
  };

  it('is scheduled for a first evaluation', () => {
    expect(changeReason({ ...args, evaluation: before })).toBe('scheduled');
  });

  it('blames an unavailable fact source when one of its checks became unknown', () => {
    const evaluation = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': true },
      unavailable: { repo: 'git host down' },
    });
    expect(
      changeReason({
        ...args,
        previous,
        evaluation,
        inputHash: 'i2',
        unavailableSources: new Set(['repo']),
      }),
    ).toBe('fact-source-unavailable');
  });

  it('does not blame an outage for checks that were already unknown', () => {
    const unknownBefore = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': true },
    });
    const evaluation = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': false },
      unavailable: { repo: 'git host down' },
    });
    expect(
      changeReason({
        ...args,
        previous: { ...previous, signature: scoreSignature(unknownBefore) },
        evaluation,
        inputHash: 'i2',
        unavailableSources: new Set(['repo']),
      }),
    ).toBe('entity-changed');
  });

  it('prefers a rule change over an entity change', () => {
    const evaluation = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': false, 'repo.hasCiWorkflow': true },
    });
    expect(
      changeReason({
        ...args,
        previous,
        evaluation,
        definitionHash: 'd2',
        inputHash: 'i2',
      }),
    ).toBe('rule-changed');
    expect(
      changeReason({ ...args, previous, evaluation, inputHash: 'i2' }),
    ).toBe('entity-changed');
  });

  it('is scheduled when neither the rules nor the entity changed', () => {
    const evaluation = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': true, 'repo.hasCiWorkflow': false },
    });
    expect(changeReason({ ...args, previous, evaluation })).toBe('scheduled');
  });
});

describe('scoreSignature', () => {
  it('changes with a check status, not with a fact value', () => {
    const a = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': true, 'repo.hasCiWorkflow': true },
    });
    const b = evaluateEntity(definition, {
      values: { 'catalog.hasDescription': true, 'repo.hasCiWorkflow': false },
    });
    expect(scoreSignature(a)).not.toBe(scoreSignature(b));
    const numeric: ScorecardDefinition = {
      ...definition,
      checks: [
        {
          ...definition.checks[0],
          fact: 'k8s.prodReplicas',
          operator: 'gte',
          value: 2,
        },
      ],
    };
    expect(
      scoreSignature(
        evaluateEntity(numeric, { values: { 'k8s.prodReplicas': 2 } }),
      ),
    ).toBe(
      scoreSignature(
        evaluateEntity(numeric, { values: { 'k8s.prodReplicas': 5 } }),
      ),
    );
  });
});
