import { ownerSpellings, parseTaskListQuery } from './listReadableTasks';

describe('ownerSpellings', () => {
  it('spells each ownership ref as the owner pickers and hand-made requests write it', () => {
    expect(
      ownerSpellings([
        'user:default/priya.nair',
        'group:default/Checkout',
        'group:eu/data',
      ]).sort(),
    ).toEqual(
      [
        'user:default/priya.nair',
        'user:priya.nair',
        'group:default/checkout',
        'group:checkout',
        'default/checkout',
        'checkout',
        'group:eu/data',
        'eu/data',
      ].sort(),
    );
  });

  it('skips refs it cannot read and names no one for none', () => {
    expect(ownerSpellings(['', 'group:'])).toEqual([]);
    expect(ownerSpellings([])).toEqual([]);
  });
});

describe('parseTaskListQuery', () => {
  it('reads the scaffolder list query', () => {
    expect(
      parseTaskListQuery({
        createdBy: 'user:default/a',
        status: ['open', 'failed'],
        order: 'asc:created_by',
        limit: '5',
        offset: '10',
      }),
    ).toEqual({
      createdBy: ['user:default/a'],
      status: ['open', 'failed'],
      order: [{ order: 'asc', field: 'created_by' }],
      limit: 5,
      offset: 10,
    });
    expect(parseTaskListQuery({})).toEqual({ order: [] });
  });

  it.each([
    { query: { order: 'sideways:created_at' } },
    { query: { order: 'asc:spec' } },
    { query: { limit: '-1' } },
    { query: { limit: '1e3' } },
    { query: { offset: ['1', '2'] } },
    { query: { createdBy: { $ne: 'x' } } },
    { query: { status: Array.from({ length: 51 }, () => 'open') } },
    { query: { createdBy: 'x'.repeat(513) } },
    { query: { unknown: '1' } },
  ])('leaves $query to the scaffolder (its 400s)', ({ query }) => {
    expect(
      parseTaskListQuery(query as Record<string, unknown>),
    ).toBeUndefined();
  });
});
