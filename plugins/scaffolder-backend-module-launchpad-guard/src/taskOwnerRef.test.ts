import { taskOwnerRef } from './createTaskGuardRouter';

describe('taskOwnerRef: the entity ref a task was created for, from its owner parameter', () => {
  it.each([
    ['group:default/checkout', 'group:default/checkout'],
    ['checkout', 'group:default/checkout'],
    ['group:checkout', 'group:default/checkout'],
    ['Group:Default/Checkout', 'group:default/checkout'],
    ['user:default/priya.nair', 'user:default/priya.nair'],
  ])('%s -> %s', (owner, expected) => {
    expect(taskOwnerRef({ owner })).toBe(expected);
  });

  it.each([
    ['no parameters', undefined],
    ['no owner', {}],
    ['an array', { owner: ['group:default/checkout'] }],
    ['an object', { owner: { kind: 'group', name: 'checkout' } }],
    ['a number', { owner: 42 }],
    ['an empty string', { owner: '' }],
    ['an over-long string', { owner: `group:default/${'x'.repeat(600)}` }],
  ])('names no one for %s', (_what, parameters) => {
    expect(taskOwnerRef(parameters)).toBeUndefined();
  });

  it.each([
    'group:default/checkout/extra',
    'group:default/checkout-x',
    'group:other/checkout',
    'component:default/checkout',
    ' group:default/checkout',
  ])('never turns the look-alike %j into the team', owner => {
    expect(taskOwnerRef({ owner })).not.toBe('group:default/checkout');
  });
});
