/*
 * Pod logs for the stand-in: made up, deterministic, and consistent with the
 * pod's state (a crash-looping container logs its crash; a container failing
 * its readiness probe logs why). Derived from the pod object, not stored.
 */
import { Random } from './random';
import type { KubeObject } from './types';

export interface LogLine {
  /** RFC 3339 with nanoseconds, as the kubelet prefixes lines with `timestamps=true`. */
  timestamp: string;
  text: string;
}

/** Why a log cannot be served, as the kubelet/apiserver say it (HTTP 400). */
export class LogRequestError extends Error {}

const ROUTES = [
  '/api/v1/items',
  '/api/v1/items/{id}',
  '/api/v1/search',
  '/healthz',
  '/metrics',
];

/** A request's status code: 2% 500s, then 5% of the rest 404s (a second draw only for those). */
function responseCode(r: Random): number {
  if (r.next() < 0.02) return 500;
  return r.next() < 0.05 ? 404 : 200;
}

function nanoTimestamp(ms: number, r: Random): string {
  return new Date(ms)
    .toISOString()
    .replace(
      /\.\d{3}Z$/,
      `.${String(r.int(0, 999_999_999)).padStart(9, '0')}Z`,
    );
}

/**
 * The log lines of one container of a pod. `previous` gives the log of the
 * last terminated instance, which only exists for a restarted container.
 */
export function podLog(
  pod: KubeObject,
  containerName: string,
  options: { previous?: boolean; seed?: string; now?: number } = {},
): LogLine[] {
  const podName = pod.metadata.name;
  const status = (pod.status?.containerStatuses ?? []).find(
    (c: any) => c.name === containerName,
  );
  if (!status)
    throw new LogRequestError(
      `container ${containerName} is not valid for pod ${podName}`,
    );
  const service =
    pod.metadata.labels?.['backstage.io/kubernetes-id'] ??
    pod.metadata.labels?.app ??
    podName;
  const env =
    pod.spec?.containers
      ?.find((c: any) => c.name === containerName)
      ?.env?.find((e: any) => e.name === 'ENVIRONMENT')?.value ?? 'unknown';
  const r = new Random(
    `${options.seed ?? 'launchpad'}/log/${podName}/${containerName}/${
      options.previous ? 'previous' : 'current'
    }`,
  );
  const crashed = status.lastState?.terminated;

  if (options.previous) {
    if (!crashed) {
      throw new LogRequestError(
        `previous terminated container "${containerName}" in pod "${podName}" not found`,
      );
    }
    return crashLog(
      service,
      env,
      Date.parse(crashed.startedAt),
      Date.parse(crashed.finishedAt),
      r,
    );
  }
  if (status.state?.waiting) {
    // In CrashLoopBackOff the kubelet serves the last (crashed) instance's log.
    if (crashed)
      return crashLog(
        service,
        env,
        Date.parse(crashed.startedAt),
        Date.parse(crashed.finishedAt),
        r,
      );
    throw new LogRequestError(
      `container "${containerName}" in pod "${podName}" is waiting to start: ${status.state.waiting.reason}`,
    );
  }
  const startedMs = Date.parse(
    status.state?.running?.startedAt ?? pod.status?.startTime,
  );
  const now = options.now ?? Date.now();

  if (containerName !== 'app') {
    const lines: LogLine[] = [];
    let t = startedMs;
    lines.push({
      timestamp: nanoTimestamp(t, r),
      text: `[info][main] initializing epoch 0 (base id=0, hot restart version=11.104)`,
    });
    lines.push({
      timestamp: nanoTimestamp((t += 120), r),
      text: `[info][main] starting main dispatch loop`,
    });
    for (let i = 0; i < 40; i++) {
      t += r.int(5_000, 60_000);
      if (t > now) break;
      lines.push({
        timestamp: nanoTimestamp(t, r),
        text: `[info][upstream] cds: added/updated ${r.int(
          1,
          4,
        )} cluster(s), skipped 0 unmodified cluster(s)`,
      });
    }
    return lines;
  }

  const notReady = status.ready === false;
  const lines: LogLine[] = [];
  let t = startedMs;
  const log = (level: string, msg: string) =>
    lines.push({
      timestamp: nanoTimestamp(t, r),
      text: `${new Date(t).toISOString()} ${level.padEnd(
        5,
      )} [${service}] ${msg}`,
    });
  log(
    'INFO',
    `starting ${service} (environment=${env}, image=${status.image})`,
  );
  t += r.int(50, 400);
  log('INFO', 'connected to database');
  t += r.int(50, 400);
  log('INFO', 'listening on :8080');
  for (let i = 0; i < 200; i++) {
    t += r.int(200, 20_000);
    if (t > now) break;
    if (notReady && i % 5 === 0) {
      log(
        'WARN',
        'GET /healthz 503: dependency "cache" not ready: dial tcp 10.0.12.7:6379: i/o timeout',
      );
      continue;
    }
    const route = r.pick(ROUTES).replace('{id}', String(r.int(1, 99999)));
    const code = responseCode(r);
    log(
      code === 500 ? 'ERROR' : 'INFO',
      `GET ${route} ${code} ${r.int(1, 250)}ms`,
    );
  }
  return lines;
}

function crashLog(
  service: string,
  env: string,
  startedMs: number,
  finishedMs: number,
  r: Random,
): LogLine[] {
  const lines: LogLine[] = [];
  let t = startedMs;
  const log = (level: string, msg: string) =>
    lines.push({
      timestamp: nanoTimestamp(t, r),
      text: `${new Date(t).toISOString()} ${level.padEnd(
        5,
      )} [${service}] ${msg}`,
    });
  log('INFO', `starting ${service} (environment=${env})`);
  t += r.int(100, 500);
  log('INFO', 'loading configuration from /etc/config');
  for (let attempt = 1; attempt <= 3; attempt++) {
    t += r.int(500, 1500);
    log(
      'WARN',
      `database connection attempt ${attempt}/3 failed: dial tcp 10.0.40.${r.int(
        2,
        250,
      )}:5432: connect: connection refused`,
    );
  }
  t = Math.max(t, finishedMs - 10);
  log('ERROR', 'fatal: could not connect to database after 3 attempts');
  lines.push({
    timestamp: nanoTimestamp(finishedMs, r),
    text: 'panic: database unavailable',
  });
  return lines;
}

/**
 * Renders log lines the way GET .../pods/{name}/log does: `tailLines` keeps
 * the last N lines, `timestamps` prefixes each with its RFC 3339 time, and
 * `limitBytes` cuts the output.
 */
export function renderLog(
  lines: LogLine[],
  options: {
    tailLines?: number;
    timestamps?: boolean;
    limitBytes?: number;
    sinceMs?: number;
  },
): string {
  let selected = lines;
  if (options.sinceMs !== undefined)
    selected = selected.filter(
      l => Date.parse(l.timestamp) >= options.sinceMs!,
    );
  if (options.tailLines !== undefined)
    selected =
      options.tailLines === 0 ? [] : selected.slice(-options.tailLines);
  let out = selected
    .map(l => `${options.timestamps ? `${l.timestamp} ` : ''}${l.text}\n`)
    .join('');
  if (options.limitBytes !== undefined)
    out = Buffer.from(out).subarray(0, options.limitBytes).toString();
  return out;
}
