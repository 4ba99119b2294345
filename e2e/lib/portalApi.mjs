// Small HTTP helpers for e2e runs and benchmarks, against a running portal.

/**
 * A local-mode persona's token: the default developer, or e.g.
 * 'platform-engineer' (a platform admin) or 'manager'.
 */
export async function guestToken(baseUrl, persona) {
  const query = persona ? `?persona=${encodeURIComponent(persona)}` : '';
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh${query}`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok)
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  return (await res.json()).backstageIdentity.token;
}

export async function getJson(baseUrl, path, token) {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!res.ok)
    throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * One call to the portal's API as `token`: `{ status, body }`, the body
 * parsed when it is JSON, else its text.
 */
export async function apiCall(baseUrl, token, method, route, body) {
  const res = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

async function poll(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** Waits until the demo company (components, APIs, templates) is in the catalog. */
export async function waitForCatalog(baseUrl, token, timeoutMs = 120_000) {
  await poll(
    'the demo catalog',
    async () => {
      const facets = await getJson(
        baseUrl,
        '/api/catalog/entity-facets?facet=kind',
        token,
      );
      const count = kind =>
        facets.facets.kind.find(f => f.value === kind)?.count ?? 0;
      return (
        count('Component') >= 12 &&
        count('API') >= 5 &&
        count('Template') >= 1 &&
        count('User') >= 15
      );
    },
    timeoutMs,
  );
}

/** Waits until the search index answers a query (its first pass runs shortly after start). */
export async function waitForSearch(baseUrl, token, term, timeoutMs = 180_000) {
  await poll(
    `search results for "${term}"`,
    async () => {
      const body = await getJson(
        baseUrl,
        `/api/search/query?term=${encodeURIComponent(term)}`,
        token,
      );
      return body.results.length > 0;
    },
    timeoutMs,
  );
}
