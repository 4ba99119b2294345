import { describeDue, describeScope } from './initiativeText';

describe('initiative text', () => {
  it('describes the scope', () => {
    expect(
      describeScope({
        appliesTo: { lifecycle: ['production'], type: ['service'] },
      }),
    ).toBe('production services');
    expect(describeScope({ appliesTo: { kind: ['API'] } })).toBe('API');
    expect(describeScope({ appliesTo: {} })).toBe(
      'everything the scorecard scores',
    );
  });

  it('describes the due date', () => {
    expect(describeDue({ dueDate: '2027-03-31', daysLeft: 1 })).toBe(
      'Due 2027-03-31 (1 day left)',
    );
    expect(describeDue({ dueDate: '2027-03-31', daysLeft: 0 })).toBe(
      'Due today (2027-03-31)',
    );
    expect(describeDue({ dueDate: '2025-01-01', daysLeft: -3 })).toBe(
      'Was due 2025-01-01 (3 days ago)',
    );
  });
});
