import { appliesToEntity } from './appliesToEntity';

describe('appliesToEntity', () => {
  const service = {
    kind: 'Component',
    spec: { type: 'service', lifecycle: 'production' },
  };

  it('matches kind, type and lifecycle ignoring case', () => {
    expect(appliesToEntity({ kind: ['component'] }, service)).toBe(true);
    expect(
      appliesToEntity(
        { kind: ['Component'], type: ['Service', 'website'] },
        service,
      ),
    ).toBe(true);
    expect(
      appliesToEntity(
        { kind: ['Component'], lifecycle: ['production'] },
        service,
      ),
    ).toBe(true);
  });

  it('rejects an entity outside any listed criterion', () => {
    expect(appliesToEntity({ kind: ['API'] }, service)).toBe(false);
    expect(
      appliesToEntity({ kind: ['Component'], type: ['library'] }, service),
    ).toBe(false);
    expect(
      appliesToEntity(
        { kind: ['Component'], lifecycle: ['experimental'] },
        service,
      ),
    ).toBe(false);
    expect(
      appliesToEntity(
        { kind: ['Component'], type: ['service'] },
        { kind: 'Component' },
      ),
    ).toBe(false);
  });
});
