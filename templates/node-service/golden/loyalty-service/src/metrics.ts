import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** Request metrics, labelled by route template (never the raw path: ids would explode the series). */
export interface Metrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; status: number }, seconds: number): void;
}

/**
 * A registry of its own (not prom-client's global one), so tests and several
 * servers in one process never share counters. Served on METRICS_PORT, a port
 * the Service exposes to Prometheus only (see the chart's ServiceMonitor and
 * NetworkPolicy), never through the Ingress or HTTPRoute.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  // process_* and nodejs_* (CPU, memory, event loop lag, GC, handles).
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return {
    registry,
    observeRequest({ method, route, status }, seconds) {
      const labels = { method, route, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
