import type { JsonObject, JsonValue } from '@backstage/types';

/**
 * Text Postgres stores exactly as given: NUL (refused by text and jsonb) and
 * lone UTF-16 surrogates (which would come back as U+FFFD and so break the
 * row's hash) become U+FFFD here, before the row is hashed.
 */
export function storableText(value: string, maxLength?: number): string {
  // eslint-disable-next-line no-control-regex
  let text = value.replace(/\u0000/g, '\uFFFD');
  text = text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  if (maxLength !== undefined && text.length > maxLength) {
    text = `${text.slice(0, maxLength)}…`;
  }
  return text;
}

/** Like storableText, for optional values. */
export function storableOptionalText(
  value: unknown,
  maxLength: number,
): string | null {
  if (value === undefined || value === null) return null;
  return storableText(String(value), maxLength);
}

function clean(value: unknown): JsonValue {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const [key, v] of Object.entries(value))
      out[storableText(key)] = clean(v);
    return out;
  }
  return value as JsonValue;
}

/**
 * Turns an event's meta into JSON that survives a jsonb round trip unchanged:
 * JSON semantics (undefined dropped, Dates as strings, non-finite numbers as
 * null), clean text, and at most `maxBytes` of JSON (larger meta is replaced
 * by a note saying so, with its top-level keys). Never throws.
 */
export function toStorableJson(
  value: unknown,
  maxBytes: number,
): JsonObject | null {
  if (value === undefined || value === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    return { unserializable: true, reason: storableText(String(error), 200) };
  }
  if (text === undefined) return null;
  const parsed = clean(JSON.parse(text));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { value: parsed };
  }
  const size = Buffer.byteLength(JSON.stringify(parsed));
  if (size > maxBytes) {
    return {
      truncated: true,
      bytes: size,
      keys: Object.keys(parsed)
        .slice(0, 50)
        .map(k => storableText(k, 100)),
    };
  }
  return Object.keys(parsed).length === 0 ? null : parsed;
}
