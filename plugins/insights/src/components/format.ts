/** A duration in words a manager reads at a glance: 45 s, 12 min, 3.5 h, 2.1 d. */
export function formatDuration(ms?: number): string {
  if (ms === undefined || ms === null) return '—';
  const s = ms / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  const min = s / 60;
  if (min < 90) return `${Math.round(min)} min`;
  const h = min / 60;
  if (h < 36) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

/** A share as a percentage, or a dash. */
export function formatPercent(share?: number): string {
  return share === undefined || share === null
    ? '—'
    : `${Math.round(share * 100)} %`;
}

/** An entity ref without the default namespace and kind prefix: group:default/checkout → checkout. */
export function shortRef(ref: string): string {
  return ref.replace(/^[a-z]+:default\//, '');
}
