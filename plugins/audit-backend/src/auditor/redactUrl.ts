/** Query parameters whose values never reach the trail (OAuth codes, tokens, keys...). */
const SECRET_PARAM =
  /token|secret|passw|pwd|code|key|auth|signature|sig$|credential|session|cookie|state|assertion|ticket/i;

/**
 * The request URL as stored: values of query parameters that may carry
 * secrets become `[redacted]`; the path and other parameters stay.
 */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map(pair => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // a malformed escape: judge the raw name
      }
      return eq >= 0 && SECRET_PARAM.test(name)
        ? `${rawName}=[redacted]`
        : pair;
    })
    .join('&');
  return `${url.slice(0, q)}?${query}`;
}
