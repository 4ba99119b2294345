import { ConfigReader } from '@backstage/config';
import {
  readMinSeverity,
  readRetentionDays,
  readSeverityLogLevels,
} from './config';

const config = (audit: unknown, backend: unknown = {}) =>
  new ConfigReader({ audit, backend } as any);

describe('audit config', () => {
  it('has defaults: medium and above stored, a year of retention', () => {
    expect(readMinSeverity(config(undefined))).toBe('medium');
    expect(readRetentionDays(config(undefined))).toBe(365);
    expect(readSeverityLogLevels(config(undefined))).toEqual({
      low: 'debug',
      medium: 'info',
      high: 'info',
      critical: 'info',
    });
  });

  it('reads the configured values', () => {
    expect(readMinSeverity(config({ minSeverity: 'low' }))).toBe('low');
    expect(readRetentionDays(config({ retention: { days: 30 } }))).toBe(30);
    expect(
      readSeverityLogLevels(
        config(undefined, {
          auditor: { severityLogLevelMappings: { low: 'info' } },
        }),
      ).low,
    ).toBe('info');
  });

  it.each([0, -1, 1.5, 100000.25])(
    'refuses retention.days %p, naming the key',
    days => {
      expect(() => readRetentionDays(config({ retention: { days } }))).toThrow(
        /audit\.retention\.days/,
      );
    },
  );

  it.each(['none', 'LOW', 'initiated'])(
    'refuses minSeverity %p, naming the allowed values',
    value => {
      expect(() => readMinSeverity(config({ minSeverity: value }))).toThrow(
        /audit\.minSeverity.*low, medium, high, critical/,
      );
    },
  );

  it.each(['', 3, true])(
    'refuses minSeverity %p that is not a word, naming the key',
    value => {
      expect(() => readMinSeverity(config({ minSeverity: value }))).toThrow(
        /audit\.minSeverity/,
      );
    },
  );

  it('refuses an unknown log level', () => {
    expect(() =>
      readSeverityLogLevels(
        config(undefined, {
          auditor: { severityLogLevelMappings: { high: 'loud' } },
        }),
      ),
    ).toThrow(/backend\.auditor\.severityLogLevelMappings\.high/);
  });
});
