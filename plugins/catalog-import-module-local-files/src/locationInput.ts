/** A location the catalog can register, from what a person typed. */
export type LocationInput =
  | { ok: true; type: 'file' | 'url'; target: string }
  | { ok: false; message: string };

/**
 * Reads the register form's input: an absolute path on the portal's server
 * (or a file:// URL) is a `file` location, an http(s) URL a `url` location.
 * Anything else gets a message that says what to type instead.
 */
export function parseLocationInput(raw: string): LocationInput {
  const value = raw.trim();
  if (!value)
    return {
      ok: false,
      message:
        'Enter the path of an entity file, e.g. /srv/repos/shop/catalog-info.yaml',
    };
  if (/^file:\/\//i.test(value)) {
    let path: string;
    try {
      path = decodeURIComponent(new URL(value).pathname);
    } catch {
      return { ok: false, message: `${value} is not a valid file:// URL` };
    }
    return parseLocationInput(path);
  }
  if (/^https?:\/\//i.test(value))
    return { ok: true, type: 'url', target: value };
  if (!value.startsWith('/')) {
    return {
      ok: false,
      message:
        'Use an absolute path on the portal\u2019s server (starting with /), or an http(s) URL',
    };
  }
  if (value.split('/').includes('..')) {
    return { ok: false, message: 'The path may not contain ".." segments' };
  }
  if (!/\.ya?ml$/i.test(value)) {
    return {
      ok: false,
      message: 'Point at a YAML entity file (.yaml or .yml)',
    };
  }
  return { ok: true, type: 'file', target: value };
}
