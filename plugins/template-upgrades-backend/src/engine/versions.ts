/** A semantic version x.y.z (no pre-release: template versions are released ones). */
export const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** How far a service is behind its template's current version. */
export type Behind = 'current' | 'patch' | 'minor' | 'major' | 'unknown';

function parts(version: string): [number, number, number] | undefined {
  const m = SEMVER.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/** <0, 0, >0 like a sort comparator; invalid versions sort first. */
export function compareVersions(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return (pa ? 1 : 0) - (pb ? 1 : 0);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

/** The largest part that differs between a service's version and the current one. */
export function behind(
  version: string | null | undefined,
  current: string,
): Behind {
  const pv = version ? parts(version) : undefined;
  const pc = parts(current);
  if (!pv || !pc || compareVersions(version!, current) > 0) return 'unknown';
  if (pv[0] !== pc[0]) return 'major';
  if (pv[1] !== pc[1]) return 'minor';
  if (pv[2] !== pc[2]) return 'patch';
  return 'current';
}
