import { SERVICE_NAME } from './config.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFn = (message: string, fields?: Record<string, unknown>) => void;

export interface Logger extends Record<LogLevel, LogFn> {
  /** A logger that adds these fields to every line, e.g. the request id. */
  child(fields: Record<string, unknown>): Logger;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON object per line on stdout: what the cluster's log collector parses
 * without configuration, and searchable by field.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = line => process.stdout.write(`${line}\n`),
  bound: Record<string, unknown> = {},
): Logger {
  const log = (at: LogLevel): LogFn => (message, fields = {}) => {
    if (SEVERITY[at] < SEVERITY[level]) {
      return;
    }
    write(JSON.stringify({ time: new Date().toISOString(), level: at, service: SERVICE_NAME, message, ...fields, ...bound }));
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: fields => createLogger(level, write, { ...bound, ...fields }),
  };
}
