import { describeActionType, describeTarget } from './describeEvent';

describe('describeTarget', () => {
  it.each([
    [
      'an explicit target first',
      'logs-read',
      { target: 'component:default/a', entityRef: 'component:default/b' },
      'component:default/a',
    ],
    [
      'an entity ref, lowercased',
      'entity-mutate',
      { entityRef: 'Component:Default/Payments' },
      'component:default/payments',
    ],
    [
      'a scaffolder task',
      'task',
      { actionType: 'cancel', taskId: 'abc-123' },
      'task:abc-123',
    ],
    [
      'a location id on location events',
      'location-mutate',
      { actionType: 'delete', id: 'loc-1' },
      'location:loc-1',
    ],
    [
      'a created location by its id',
      'location-mutate',
      { location: { id: 'loc-2', type: 'url', target: 'https://x/y.yaml' } },
      'location:loc-2',
    ],
    [
      'a location not yet created by its target',
      'location-mutate',
      { location: { type: 'url', target: 'https://x/y.yaml' } },
      'url:https://x/y.yaml',
    ],
    [
      'an entity uid',
      'entity-mutate',
      { actionType: 'delete', uid: 'u-1' },
      'entity-uid:u-1',
    ],
    [
      'a single entity of a list',
      'entity-fetch',
      { entityRefs: ['component:default/one'] },
      'component:default/one',
    ],
    [
      'a template',
      'template-parameter-schema',
      { templateRef: 'template:default/node-service' },
      'template:default/node-service',
    ],
    [
      'a cluster',
      'cluster-fetch',
      { clusterName: 'prod', path: '/api/v1/pods' },
      'cluster:prod',
    ],
  ])('%s', (_what, eventId, meta, expected) => {
    expect(describeTarget(eventId, meta as any)).toBe(expected);
  });

  it.each([
    ['no meta', null],
    ['nothing that names a target', { queryType: 'all' }],
    ['an id on a non-location event', { id: 'x' }],
    [
      'several entities',
      { entityRefs: ['component:default/a', 'component:default/b'] },
    ],
    [
      'non-text values',
      { entityRef: { kind: 'x' }, taskId: ['t'], target: '' },
    ],
  ])('none for %s', (_what, meta) => {
    expect(describeTarget('entity-fetch', meta as any)).toBeNull();
  });

  it('keeps URLs as they are (case matters there) and caps the length', () => {
    expect(describeTarget('x', { target: 'https://Git.Example.com/A' })).toBe(
      'https://Git.Example.com/A',
    );
    expect(describeTarget('x', { target: 'y'.repeat(5000) })!.length).toBe(
      1025,
    );
  });
});

describe('describeActionType', () => {
  it('takes actionType, then queryType', () => {
    expect(
      describeActionType({ actionType: 'delete', queryType: 'by-uid' }),
    ).toBe('delete');
    expect(describeActionType({ queryType: 'by-uid' })).toBe('by-uid');
    expect(describeActionType({ actionType: 5 as any })).toBe('5');
    expect(describeActionType({})).toBeNull();
    expect(describeActionType(null)).toBeNull();
  });
});
