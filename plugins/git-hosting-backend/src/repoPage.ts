/** Escapes text for HTML. */
const esc = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/** What the repository page shows. */
export interface RepoPageData {
  org: string;
  name: string;
  description: string;
  defaultBranch: string;
  head?: string;
  cloneUrl: string;
  files: Array<{ path: string; url: string }>;
}

/**
 * A plain page for a repository (what "View source" and the golden path's
 * "Repository" link open in a browser): how to clone it and its files.
 */
export function renderRepoPage(repo: RepoPageData): string {
  const files = repo.files
    .map(f => `<li><a href="${esc(f.url)}">${esc(f.path)}</a></li>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(repo.org)}/${esc(
    repo.name,
  )}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1d2b36}
code,pre{background:#f0f4f7;padding:.2rem .4rem;border-radius:4px}
pre{padding:.8rem;overflow-x:auto} li{margin:.15rem 0;font-family:ui-monospace,monospace;font-size:.9rem}
.muted{color:#5a6b78}
</style></head><body>
<h1>${esc(repo.org)}/${esc(repo.name)}</h1>
<p>${esc(repo.description)}</p>
<pre>git clone ${esc(repo.cloneUrl)}</pre>
<p class="muted">Branch <code>${esc(repo.defaultBranch)}</code>${
    repo.head ? ` at <code>${esc(repo.head.slice(0, 12))}</code>` : ' (empty)'
  } &middot; ${repo.files.length} files</p>
<ul>
${files}
</ul>
</body></html>
`;
}
