import type { Config } from '@backstage/config';
import {
  AUDIT_SEVERITIES,
  type AuditSeverity,
} from '@internal/plugin-audit-common';
import type { SeverityLogLevels } from './auditor/ChainedAuditorService';

const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** `audit.minSeverity`: events at this severity or above are stored (default `medium`). */
export function readMinSeverity(config: Config): AuditSeverity {
  const value = config.getOptionalString('audit.minSeverity') ?? 'medium';
  if (!(AUDIT_SEVERITIES as readonly string[]).includes(value)) {
    throw new Error(
      `Invalid audit.minSeverity '${value}': must be one of ${AUDIT_SEVERITIES.join(
        ', ',
      )}`,
    );
  }
  return value as AuditSeverity;
}

/** `audit.retention.days`: rows older than this are pruned (default 365). */
export function readRetentionDays(config: Config): number {
  const days = config.getOptionalNumber('audit.retention.days') ?? 365;
  if (!Number.isInteger(days) || days < 1) {
    throw new Error(
      `Invalid audit.retention.days '${days}': must be a whole number of days, 1 or more`,
    );
  }
  return days;
}

/** Backstage's `backend.auditor.severityLogLevelMappings`, for the log sink. */
export function readSeverityLogLevels(config: Config): SeverityLogLevels {
  const defaults: SeverityLogLevels = {
    low: 'debug',
    medium: 'info',
    high: 'info',
    critical: 'info',
  };
  const out = { ...defaults };
  for (const severity of AUDIT_SEVERITIES) {
    const key = `backend.auditor.severityLogLevelMappings.${severity}`;
    const value = config.getOptionalString(key);
    if (value === undefined) continue;
    if (!(LOG_LEVELS as readonly string[]).includes(value)) {
      throw new Error(
        `Invalid ${key} '${value}': must be one of ${LOG_LEVELS.join(', ')}`,
      );
    }
    out[severity] = value as SeverityLogLevels[AuditSeverity];
  }
  return out;
}
