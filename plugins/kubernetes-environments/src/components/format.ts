/** Age like kubectl prints it: 45s, 12m, 5h, 3d. */
export function age(iso: string | undefined, now: Date = new Date()): string {
  if (!iso) return '—';
  const seconds = Math.max(
    0,
    Math.floor((now.getTime() - new Date(iso).getTime()) / 1000),
  );
  if (Number.isNaN(seconds)) return '—';
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

/** How a comparison status reads in the table. */
export const STATUS_TEXT = {
  ok: 'Healthy',
  problems: 'Problems',
  'not-deployed': 'Not deployed',
  unreachable: 'Cluster not answering',
  'no-clusters': 'No cluster configured',
} as const;
