// @ts-check
/** Escapes text for HTML (the username is echoed back after a failed try). */
const escapeHtml = (/** @type {string} */ s) =>
  s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/**
 * The provider's login page: a plain username/password form.
 * @param {{ uid: string, clientId: string, error?: string, username?: string }} options
 */
export function loginPage({ uid, clientId, error, username = '' }) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Northwind sign-in (test provider)</title></head>
<body>
  <h1>Northwind sign-in</h1>
  <p>Test OpenID provider: sign in to continue to ${escapeHtml(clientId)}.</p>
  ${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
  <form method="post" action="/interaction/${escapeHtml(uid)}/login">
    <label>Username <input name="username" autocomplete="username" value="${escapeHtml(
      username,
    )}" autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password"></label>
    <button type="submit">Sign in</button>
  </form>
</body>
</html>`;
}
