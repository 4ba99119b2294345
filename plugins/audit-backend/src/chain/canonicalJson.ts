/**
 * JSON with object keys sorted at every depth, so the same value always gives
 * the same text (Postgres' jsonb does not keep key order). Input must already
 * be plain JSON data (see toStorableJson).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter(k => record[k] !== undefined)
    .sort();
  return `{${keys
    .map(k => `${JSON.stringify(k)}:${canonicalJson(record[k])}`)
    .join(',')}}`;
}
