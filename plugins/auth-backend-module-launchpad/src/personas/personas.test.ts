import { ConfigReader } from '@backstage/config';
import { DEFAULT_PERSONAS, readPersonas } from './personas';

describe('readPersonas', () => {
  it('defaults to the demo company: developer (default), platform engineer, manager', () => {
    const { list, defaultId } = readPersonas(new ConfigReader({}));
    expect(defaultId).toBe('developer');
    expect(list.map(p => [p.id, p.userEntityRef])).toEqual([
      ['developer', 'user:default/priya.nair'],
      ['platform-engineer', 'user:default/raj.patel'],
      ['manager', 'user:default/david.reyes'],
    ]);
  });

  it("Backstage's userEntityRef is the default persona's person", () => {
    const { list } = readPersonas(
      new ConfigReader({
        defaultPersona: 'manager',
        userEntityRef: 'ana.silva',
      }),
    );
    expect(list.find(p => p.id === 'manager')?.userEntityRef).toBe(
      'user:default/ana.silva',
    );
    expect(list.find(p => p.id === 'developer')?.userEntityRef).toBe(
      'user:default/priya.nair',
    );
  });

  it('reads configured personas', () => {
    const { list, defaultId } = readPersonas(
      new ConfigReader({
        personas: [
          { id: 'sre', userEntityRef: 'user:default/raj.patel', title: 'SRE' },
        ],
      }),
    );
    expect(defaultId).toBe('sre');
    expect(list).toEqual([
      {
        id: 'sre',
        userEntityRef: 'user:default/raj.patel',
        title: 'SRE',
        description: '',
      },
    ]);
  });

  it.each([
    ['Admin', 'not a valid persona id'],
    ['../x', 'not a valid persona id'],
    ['', 'personas[0].id'],
    ['a b', 'not a valid persona id'],
    ['x'.repeat(64), 'not a valid persona id'],
  ])('refuses the persona id %j', (id, message) => {
    expect(() =>
      readPersonas(
        new ConfigReader({
          personas: [{ id, userEntityRef: 'user:default/x', title: 'X' }],
        }),
      ),
    ).toThrow(message);
  });

  it('refuses a default persona that is not one of them, and an empty list', () => {
    expect(() =>
      readPersonas(new ConfigReader({ defaultPersona: 'ceo' })),
    ).toThrow(
      "defaultPersona 'ceo' is not one of the personas (developer, platform-engineer, manager)",
    );
    expect(() => readPersonas(new ConfigReader({ personas: [] }))).toThrow(
      'is empty',
    );
  });

  it('keeps the defaults untouched', () => {
    readPersonas(new ConfigReader({ userEntityRef: 'user:default/someone' }));
    expect(DEFAULT_PERSONAS[0].userEntityRef).toBe('user:default/priya.nair');
  });
});
