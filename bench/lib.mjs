// Small helpers shared by the benchmark scripts.
import { execFileSync } from 'node:child_process';

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

/** Resident memory (MB) of the largest process in a process group. */
export function largestRssMb(pgid) {
  const out = execFileSync('ps', ['-o', 'rss=,args=', '-g', String(pgid)], { encoding: 'utf-8' });
  const rss = out
    .trim()
    .split('\n')
    .map(line => Number(line.trim().split(/\s+/)[0]))
    .filter(n => !Number.isNaN(n));
  return Math.max(...rss) / 1024;
}

export const ms = n => `${n.toFixed(1)} ms`;
