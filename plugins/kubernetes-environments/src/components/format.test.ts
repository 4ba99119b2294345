import { age } from './format';

describe('age', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('prints ages the way kubectl does', () => {
    expect(age('2026-11-22T11:59:15Z', now)).toBe('45s');
    expect(age('2026-11-22T11:48:00Z', now)).toBe('12m');
    expect(age('2026-11-22T07:00:00Z', now)).toBe('5h');
    expect(age('2026-11-19T12:00:00Z', now)).toBe('3d');
  });
  it('shows a dash when there is no time', () => {
    expect(age(undefined, now)).toBe('—');
    expect(age('not a date', now)).toBe('—');
  });
});
