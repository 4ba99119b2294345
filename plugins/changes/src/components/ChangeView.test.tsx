import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { type ChangesApi, changesApiRef } from '../api/ChangesClient';
import type { ChangeProposalDetails } from '../api/types';
import { LINES_PER_PAGE, MAX_LINE_CHARS } from './DiffView';
import { ChangeView } from './ChangeView';

// Rendering MUI in jsdom on a shared 2-core machine is slow; no assertion is about time.
jest.setTimeout(180_000);

const ID = '5b0c3a4e-9d1f-4c52-8a1e-2f7d6b9c0e11';

/** A unified diff of one file, as git prints it. */
function patchOf(path: string, hunkLines: string[], status = 'M') {
  const header =
    status === 'A'
      ? [
          'new file mode 100644',
          'index 0000000..1111111',
          '--- /dev/null',
          `+++ b/${path}`,
        ]
      : ['index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`];
  const added = hunkLines.filter(l => l.startsWith('+')).length;
  const removed = hunkLines.filter(l => l.startsWith('-')).length;
  const context = hunkLines.length - added - removed;
  return [
    `diff --git a/${path} b/${path}`,
    ...header,
    `@@ -1,${removed + context} +1,${added + context} @@`,
    ...hunkLines,
  ].join('\n');
}

function change(
  files: Array<{ path: string; status?: string; lines: string[] }>,
  overrides: Partial<ChangeProposalDetails> = {},
): ChangeProposalDetails {
  return {
    id: ID,
    org: 'checkout',
    repo: 'loyalty',
    branch: 'launchpad/upgrade-node-service-1-3-0',
    baseCommit: 'a'.repeat(40),
    headCommit: 'b'.repeat(40),
    title: 'Upgrade to node-service 1.3.0',
    description: 'Brings the service to the current golden path.',
    author: 'user:default/raj.patel',
    status: 'open',
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
    canMerge: true,
    canClose: true,
    diff: {
      files: files.map(f => ({ path: f.path, status: f.status ?? 'M' })),
      patch: `${files
        .map(f => patchOf(f.path, f.lines, f.status))
        .join('\n')}\n`,
      truncated: false,
    },
    ...overrides,
  };
}

/**
 * Each render uses its own repository entity: usePermission caches
 * decisions per permission and resource for the whole test file.
 */
let repoCounter = 0;
async function render(
  details: ChangeProposalDetails,
  opts: {
    allowed?: boolean;
    registered?: boolean;
    merge?: ChangesApi['mergeChange'];
    close?: ChangesApi['closeChange'];
  } = {},
) {
  const entityName = `loyalty-${repoCounter++}`;
  const api: ChangesApi = {
    getGitBaseUrl: jest.fn(async () => 'http://portal.test/api/git'),
    listChanges: jest.fn(),
    getChange: jest.fn(async () => details),
    mergeChange: jest.fn(
      opts.merge ?? (async () => ({ ...details, status: 'merged' as const })),
    ),
    closeChange: jest.fn(
      opts.close ?? (async () => ({ ...details, status: 'closed' as const })),
    ),
  };
  const catalog = catalogApiMock.mock({
    getEntities: jest.fn(async () => ({
      items:
        opts.registered === false
          ? []
          : [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: entityName, namespace: 'default' },
              },
            ],
    })),
  });
  const authorize = jest.fn(() =>
    opts.allowed === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
  );
  const rendered = await renderInTestApp(<ChangeView id={details.id} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    apis: [
      [changesApiRef, api],
      [catalogApiRef, catalog],
      [permissionApiRef, mockApis.permission({ authorize })],
    ],
  });
  await screen.findByTestId('change-view');
  return {
    api,
    authorize,
    catalog,
    entityRef: `component:default/${entityName}`,
    ...rendered,
  };
}

const HTML_PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  '<svg onload="window.__pwned=1"></svg>',
  '"><iframe src="javascript:window.__pwned=1"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<style>body{display:none}</style>',
  '&lt;b&gt;entity&lt;/b&gt;',
];

describe('ChangeView', () => {
  it('renders hostile HTML in file names, lines, title and description as text, never as elements', async () => {
    const files = HTML_PAYLOADS.map((p, i) => ({
      path: `src/${i}-${p.replace(/\//g, '_')}.ts`,
      lines: [`-${p}`, `+${p}`, ` ${p}`],
    }));
    const { container } = await render(
      change(files, {
        title: `Upgrade ${HTML_PAYLOADS[0]}`,
        description: HTML_PAYLOADS.join('\n'),
      }),
    );
    // (MUI's own icons are the only svg elements)
    for (const tag of [
      'img',
      'script',
      'svg:not(.MuiSvgIcon-root)',
      'iframe',
      'style',
    ]) {
      expect(
        container.querySelectorAll(
          `[data-testid="diff"] ${tag}, [data-testid="change-description"] ${tag}, [data-testid="change-title"] ${tag}`,
        ),
      ).toHaveLength(0);
    }
    expect(container.querySelector('a[href^="javascript:"]')).toBeNull();
    expect((window as any).__pwned).toBeUndefined();
    expect(screen.getByTestId('change-title')).toHaveTextContent(
      `Upgrade ${HTML_PAYLOADS[0]}`,
    );
    expect(screen.getByTestId('change-description').textContent).toBe(
      HTML_PAYLOADS.join('\n'),
    );
    const diffFiles = screen.getAllByTestId('diff-file');
    expect(diffFiles).toHaveLength(HTML_PAYLOADS.length);
    HTML_PAYLOADS.forEach((p, i) => {
      const file = diffFiles[i];
      expect(within(file).getByTestId('diff-file-path')).toHaveTextContent(
        `src/${i}-${p.replace(/\//g, '_')}.ts`,
        { normalizeWhitespace: false },
      );
      // removed, added and context line each carry the payload as text
      expect(
        within(file).getAllByText(p, { exact: true, normalizer: s => s }),
      ).toHaveLength(3);
    });
  });

  it('shows bidirectional, zero-width and control characters in names and lines by their code point', async () => {
    const HIDDEN = [
      '\u202e',
      '\u202d',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200b',
      '\u200f',
      '\u061c',
      '\ufeff',
      '\u0007',
      '\u001b',
    ];
    const files = HIDDEN.map((c, i) => ({
      path: `docs/readme${c}${i}.md`,
      lines: [`+const isAdmin = false; ${c}// } if (isAdmin) {`],
    }));
    const { container } = await render(change(files));
    expect(screen.getByTestId('hidden-warning')).toHaveTextContent(
      `${HIDDEN.length} files hold hidden characters`,
    );
    const text = container.textContent ?? '';
    for (const c of HIDDEN) {
      // nothing invisible reaches the page: each is shown as <U+XXXX>
      expect(text.includes(c)).toBe(false);
      const label = `<U+${c
        .codePointAt(0)!
        .toString(16)
        .toUpperCase()
        .padStart(4, '0')}>`;
      expect(text).toContain(label);
    }
    // each name in the file list, the file header and the line: three marks per file
    expect(screen.getAllByTestId('hidden-char')).toHaveLength(
      HIDDEN.length * 3,
    );
  });

  it('cuts very long lines and says how much is left out, keeping the page usable', async () => {
    const long = 'x'.repeat(200_000);
    await render(change([{ path: 'dist/bundle.min.js', lines: [`+${long}`] }]));
    const line = screen.getByText(
      `… ${(200_000 - MAX_LINE_CHARS).toLocaleString('en-US')} more characters`,
      { exact: false },
    );
    expect(line).toBeInTheDocument();
    expect(screen.getByTestId('diff').textContent!.length).toBeLessThan(5_000);
  });

  it('keeps a 5,000-line diff usable: the file starts collapsed and opens 500 lines at a time', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `+line ${i}`);
    const { container } = await render(
      change([
        { path: 'small.txt', lines: ['-a', '+b'] },
        { path: 'generated/big.json', status: 'A', lines },
      ]),
    );
    const list = screen.getByTestId('diff-file-list');
    expect(list).toHaveTextContent('generated/big.json +5000 −0');
    expect(list).toHaveTextContent('small.txt +1 −1');
    expect(
      screen.getByText('2 files changed', { exact: false }),
    ).toHaveTextContent('+5001 −1');
    // the small file is open, the big one collapsed
    expect(container.querySelectorAll('[data-kind="add"]')).toHaveLength(1);
    fireEvent.click(
      screen.getByRole('button', { name: 'Expand generated/big.json' }),
    );
    expect(container.querySelectorAll('[data-kind="add"]')).toHaveLength(
      1 + LINES_PER_PAGE - 1,
    ); // + the hunk header
    fireEvent.click(
      screen.getByRole('button', {
        name: /Show 500 more lines \(4,501 not shown\)/,
      }),
    );
    expect(container.querySelectorAll('[data-kind="add"]')).toHaveLength(
      1 + 2 * LINES_PER_PAGE - 1,
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Collapse generated/big.json' }),
    );
    expect(container.querySelectorAll('[data-kind="add"]')).toHaveLength(1);
  });

  it('does not read content lines that look like headers as headers', async () => {
    const { container } = await render(
      change([
        {
          path: 'notes.md',
          lines: [
            '---- a/evil',
            '+++ b/evil',
            '+diff --git a/x b/x',
            ' @@ not a hunk',
            '-@@ -1 +1 @@',
          ],
        },
      ]),
    );
    expect(screen.getAllByTestId('diff-file')).toHaveLength(1);
    expect(screen.getByTestId('diff-file-list')).toHaveTextContent(
      'notes.md +2 −2',
    );
    expect(container.querySelectorAll('[data-kind="hunk"]')).toHaveLength(1);
  });

  it('lists conflicted files at the top and highlights their markers', async () => {
    await render(
      change(
        [
          {
            path: 'charts/loyalty/values.yaml',
            lines: [
              ' replicas: 2',
              '+<<<<<<< ours (your edit)',
              '+memory: 512Mi',
              '+=======',
              '+memory: 256Mi',
              '+>>>>>>> theirs (node-service 1.3.0)',
            ],
          },
          { path: 'README.md', lines: ['+clean'] },
        ],
        {
          description:
            'Upgrade.\n\nConflicts:\n- charts/loyalty/values.yaml\n- `.github/workflows/ci.yaml`\n\nResolve them on the branch.',
        },
      ),
    );
    const conflicts = screen.getByTestId('conflicts');
    expect(conflicts).toHaveTextContent('2 files have conflicts');
    expect(
      within(conflicts).getByRole('link', {
        name: 'charts/loyalty/values.yaml',
      }),
    ).toHaveAttribute('href', '#diff-file-0');
    expect(conflicts).toHaveTextContent('.github/workflows/ci.yaml');
    expect(screen.getAllByTestId('conflict-marker')).toHaveLength(3);
  });

  it('shows Merge and Close to the owners, asking the policy about the repository entity', async () => {
    const { authorize, entityRef } = await render(
      change([{ path: 'a', lines: ['+a'] }]),
    );
    expect(await screen.findByRole('button', { name: 'Merge' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Close' })).toBeEnabled();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'launchpad.git.changes.manage',
        }),
        resourceRef: entityRef,
      }),
    );
  });

  it('shows no Merge to others, and Close only to the proposal\u2019s author', async () => {
    await render(
      change([{ path: 'a', lines: ['+a'] }], {
        canMerge: false,
        canClose: false,
      }),
      { allowed: false },
    );
    await screen.findByTestId('merge-refused');
    expect(screen.queryByRole('button', { name: 'Merge' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();

    await render(
      change([{ path: 'a', lines: ['+a'] }], {
        canMerge: false,
        canClose: true,
      }),
      { allowed: false },
    );
    await screen.findAllByTestId('merge-refused');
    expect(screen.queryByRole('button', { name: 'Merge' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
  });

  it.each(['merged', 'closed'] as const)(
    'shows no buttons on a %s change',
    async status => {
      await render(
        change([{ path: 'a', lines: ['+a'] }], {
          status,
          decidedBy: 'user:default/priya.nair',
        }),
      );
      expect(screen.getByTestId('change-status')).toHaveTextContent(status);
      expect(screen.queryByRole('button', { name: 'Merge' })).toBeNull();
      expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
    },
  );

  it('uses the server\u2019s answer for a repository no entity claims', async () => {
    await render(change([{ path: 'a', lines: ['+a'] }], { canMerge: true }), {
      registered: false,
      allowed: false,
    });
    expect(
      await screen.findByRole('button', { name: 'Merge' }),
    ).toBeInTheDocument();
  });

  const serverError = (status: number, message: string) =>
    ResponseError.fromResponse({
      ok: false,
      status,
      statusText: status === 409 ? 'Conflict' : 'Forbidden',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: status === 409 ? 'ConflictError' : 'NotAllowedError',
            message,
          },
          response: { statusCode: status },
        }),
    } as unknown as Response);

  it.each([
    [
      403,
      'Only the owners of checkout/loyalty',
      'You may not merge this change: Only the owners of checkout/loyalty',
    ],
    [
      409,
      'Change proposal x is merged; only an open one can be merged',
      'This change cannot be merged now: Change proposal x is merged; only an open one can be merged. Reload the page',
    ],
  ])(
    'says clearly why the server refused a merge (%i)',
    async (status, message, shown) => {
      const error = await serverError(status, message);
      const { api } = await render(change([{ path: 'a', lines: ['+a'] }]), {
        merge: async () => {
          throw error;
        },
      });
      fireEvent.click(await screen.findByRole('button', { name: 'Merge' }));
      await waitFor(() =>
        expect(screen.getByTestId('action-error')).toHaveTextContent(shown),
      );
      expect(api.mergeChange).toHaveBeenCalledWith(ID);
    },
  );

  it('reloads the change after a merge', async () => {
    const { api } = await render(change([{ path: 'a', lines: ['+a'] }]));
    fireEvent.click(await screen.findByRole('button', { name: 'Merge' }));
    await waitFor(() => expect(api.getChange).toHaveBeenCalledTimes(2));
  });
});
