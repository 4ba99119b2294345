import type { LogLevel } from './logger.js';

/** Settings read once at start-up from the environment (set by the Helm chart). */
export interface Config {
  /** TCP port to listen on; the chart sets PORT from containerPort. */
  port: number;
  /**
   * Port of GET /metrics (Prometheus text format). A port of its own, so the
   * Ingress/HTTPRoute, which route to the HTTP port only, never expose it.
   */
  metricsPort: number;
  logLevel: LogLevel;
  /**
   * How long to keep serving after SIGTERM while reporting not ready, so that
   * Kubernetes removes the pod from the Service before connections are refused.
   */
  shutdownDelayMs: number;
  /** Hard limit for draining in-flight requests once the server stops accepting. */
  shutdownTimeoutMs: number;
}

export const SERVICE_NAME = 'loyalty-service';

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  return {
    port: integer(env, 'PORT', 8080),
    metricsPort: integer(env, 'METRICS_PORT', 9090),
    logLevel,
    shutdownDelayMs: integer(env, 'SHUTDOWN_DELAY_MS', 5_000),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 20_000),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}
