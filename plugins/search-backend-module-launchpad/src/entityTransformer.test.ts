import { launchpadEntityTransformer, nameWords } from './entityTransformer';

describe('launchpadEntityTransformer', () => {
  it('adds the name, its words, tags, owner and system to the text and as fields', () => {
    const doc = launchpadEntityTransformer({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-service',
        title: 'Payments service',
        description: 'Takes payments.',
        tags: ['kotlin', 'pci-dss'],
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/payments',
        system: 'payments',
      },
    }) as any;
    expect(doc.title).toBe('Payments service');
    expect(doc.kind).toBe('Component');
    expect(doc.name).toBe('payments-service');
    expect(doc.tags).toEqual(['kotlin', 'pci-dss']);
    expect(doc.ownerName).toBe('payments');
    expect(doc.system).toBe('payments');
    for (const part of [
      'Takes payments.',
      'payments-service',
      'payments service',
      'pci-dss',
      'pci dss',
      'owner: payments',
      'system: payments',
    ]) {
      expect(doc.text).toContain(part);
    }
  });

  it('takes entities with odd or missing fields', () => {
    const doc = launchpadEntityTransformer({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'web', tags: [42 as any] },
      spec: { owner: ':::', system: 7 as any },
    }) as any;
    expect(doc.name).toBe('web');
    expect(doc.tags).toEqual([]);
    expect(doc.ownerName).toBe('');
    expect(doc.system).toBe('');
  });

  it.each([
    ['payments-service', 'payments service'],
    ['nw_node.logger', 'nw node logger'],
    ['simple', 'simple'],
  ])('nameWords(%j) = %j', (name, words) => {
    expect(nameWords(name)).toBe(words);
  });
});
