import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError, NotModifiedError } from '@backstage/errors';
import { GitRepositoryStore } from '@internal/plugin-git-hosting-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitHostUrlReader } from './urlReader';

/** Real bare repositories on disk, read through the reader as the catalog and scorecards do. */
describe('GitHostUrlReader', () => {
  const base = 'http://localhost:7007/api/git';
  let root: string;
  let reader: UrlReaderService;
  let store: GitRepositoryStore;
  /** Backstage's own UrlReaders wiring, with only the git host's reader */
  const readerWith = (limits?: {
    maxGlobLength: number;
    maxSearchMatches: number;
  }) =>
    UrlReaders.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
      factories: [
        ({ treeResponseFactory }) => [
          {
            reader: new GitHostUrlReader(
              store,
              base,
              treeResponseFactory,
              limits,
            ),
            predicate: url => url.href.startsWith(`${base}/`),
          },
        ],
      ],
    });

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-host-reader-'));
    store = new GitRepositoryStore(path.join(root, 'repos'));
    await store.create({ org: 'team', name: 'svc' });
    const work = path.join(root, 'work');
    fs.mkdirSync(path.join(work, 'chart'), { recursive: true });
    fs.writeFileSync(path.join(work, 'README.md'), '# svc\n');
    fs.writeFileSync(
      path.join(work, 'chart', 'values-prod.yaml'),
      'replicaCount: 2\n',
    );
    // More than a pipe's buffer: an archive nobody reads cannot finish.
    fs.writeFileSync(
      path.join(work, 'chart', 'big.txt'),
      'x'.repeat(512 * 1024),
    );
    await store.pushDirectory({ org: 'team', name: 'svc' }, work, {
      authorName: 'Test',
      authorEmail: 'test@example.com',
      message: 'first',
    });
    reader = readerWith();
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** `git archive` processes of a commit still running. */
  const archivesOf = (commit: string) =>
    execFileSync('ps', ['-eo', 'args='], { encoding: 'utf-8' })
      .split('\n')
      .filter(line => line.startsWith('git archive') && line.includes(commit));

  it('reads a folder, and answers "not modified" for its etag without starting an archive', async () => {
    const tree = await reader.readTree(`${base}/team/svc/tree/main/chart`);
    const files = await tree.files();
    expect(files.map(f => f.path).sort()).toEqual([
      'big.txt',
      'values-prod.yaml',
    ]);
    const values = files.find(f => f.path === 'values-prod.yaml')!;
    expect((await values.content()).toString()).toBe('replicaCount: 2\n');

    const commit = tree.etag;
    for (let i = 0; i < 5; i++) {
      await expect(
        reader.readTree(`${base}/team/svc/tree/main/chart`, {
          etag: tree.etag,
        }),
      ).rejects.toThrow(NotModifiedError);
    }
    // give a leaked archive time to show up in the process list
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(archivesOf(commit)).toEqual([]);
  });

  it('reads a file, and answers "not modified" for its etag', async () => {
    const file = await reader.readUrl(`${base}/team/svc/raw/main/README.md`);
    expect((await file.buffer()).toString()).toBe('# svc\n');
    await expect(
      reader.readUrl(`${base}/team/svc/raw/main/README.md`, {
        etag: file.etag,
      }),
    ).rejects.toThrow(NotModifiedError);
  });

  describe('hostile URLs', () => {
    const sentinel = () => path.join(root, 'pwned');
    const enc = encodeURIComponent;
    /** Option-like values an attacker puts where git might read an option. */
    const options = () => [
      '-x',
      `--output=${sentinel()}`,
      `--upload-pack=touch ${sentinel()}`,
      `--exec=touch ${sentinel()}`,
      `-o${sentinel()}`,
    ];
    const urls = () => [
      // the reported hole: a path segment that git archive took as an option
      ...options().map(o => `${base}/team/svc/tree/main/${o}`),
      ...options().map(o => `${base}/team/svc/tree/main/chart/${enc(o)}`),
      ...options().map(o => `${base}/team/svc/raw/main/${enc(o)}`),
      // in the ref, the org and the repository name
      ...options().map(o => `${base}/team/svc/tree/${enc(o)}/chart`),
      ...options().map(o => `${base}/team/svc/raw/${enc(o)}/README.md`),
      ...options().map(o => `${base}/${enc(o)}/svc/tree/main/chart`),
      ...options().map(o => `${base}/team/${enc(o)}/raw/main/README.md`),
      // traversal, encoded slashes, revision expressions, NUL, newlines
      `${base}/team/svc/tree/main/..%2F..%2F..%2Fetc`,
      `${base}/team/svc/raw/main/chart%2F..%2F..%2Fx`,
      `${base}/team/svc/raw/main%2F..%2Fx/README.md`,
      `${base}/..%2F..%2Fetc/svc/raw/main/README.md`,
      `${base}/team/svc/raw/main@%7B1%7D/README.md`,
      `${base}/team/svc/raw/main..HEAD/README.md`,
      `${base}/team/svc/raw/HEAD%5E/README.md`,
      `${base}/team/svc/raw/main%3AREADME.md/x`,
      `${base}/team/svc/raw/main/README.md%00`,
      `${base}/team/svc/raw/ma%00in/README.md`,
      `${base}/team/svc/raw/ma%0Ain/README.md`,
      `${base}/team/svc/raw/main/%E0%A4%A`,
      // very long values
      `${base}/team/svc/raw/main/${'a/'.repeat(3000)}x`,
      `${base}/team/svc/raw/${'m'.repeat(400)}/README.md`,
      `${base}/team/${'s'.repeat(400)}/raw/main/README.md`,
    ];

    it.each([
      [
        'readUrl',
        (url: string) => reader.readUrl(url.replace('/tree/', '/raw/')),
      ],
      [
        'readTree',
        (url: string) => reader.readTree(url.replace('/raw/', '/tree/')),
      ],
    ] as const)(
      '%s refuses each with an InputError and writes nothing',
      async (_name, read) => {
        for (const url of urls()) {
          const error = await read(url).then(
            () => undefined,
            e => e,
          );
          expect({ url, error: error?.name }).toEqual({
            url,
            error: InputError.name,
          });
        }
        expect(fs.existsSync(sentinel())).toBe(false);
        expect(fs.readdirSync(root).sort()).toEqual(['repos', 'work']);
      },
    );

    it('search refuses them too (the glob is the path: only org, name and ref can be hostile)', async () => {
      for (const url of urls().filter(
        u => !u.includes('/tree/main/') && !u.includes('/raw/main/'),
      )) {
        const error = await reader.search(url).then(
          () => undefined,
          e => e,
        );
        expect({ url, error: error?.name }).toEqual({
          url,
          error: InputError.name,
        });
      }
      expect(fs.existsSync(sentinel())).toBe(false);
    });
  });

  describe('search globs', () => {
    it('finds files by glob, with URLs the reader can read back', async () => {
      const result = await reader.search(
        `${base}/team/svc/tree/main/**/*.yaml`,
      );
      expect(result.files.map(f => f.url)).toEqual([
        `${base}/team/svc/raw/main/chart/values-prod.yaml`,
      ]);
      expect((await result.files[0].content()).toString()).toBe(
        'replicaCount: 2\n',
      );
      expect(
        (await (await reader.readUrl(result.files[0].url)).buffer()).toString(),
      ).toBe('replicaCount: 2\n');
    });

    it('does not expand braces: they are plain characters', async () => {
      const result = await reader.search(
        `${base}/team/svc/tree/main/chart/{values-prod,big}.*`,
      );
      expect(result.files).toEqual([]);
    });

    it.each([
      '{1..20000}',
      '**/{1..20000}',
      '{a,b}'.repeat(20),
      '{1..9}{1..9}{1..9}{1..9}{1..9}{1..9}',
      `chart/{${'x,'.repeat(200)}y}`,
    ])('answers the brace bomb %j at once with no matches', async glob => {
      const result = await reader.search(`${base}/team/svc/tree/main/${glob}`);
      expect(result.files).toEqual([]);
    });

    it.each([
      ['longer than the cap', `${'a'.repeat(513)}`, /at most 512 are allowed/],
      [
        'too many wildcards in a part',
        '*a*a*a*a*b',
        /more than 3 wildcards in one part/,
      ],
      ['too many globstars', '**/a/**/b/**/c/**/d', /more than 3 '\*\*' parts/],
      ['with a NUL', 'chart/%00*', /contains control characters/],
      ['with a newline', 'chart/%0A*', /contains control characters/],
    ])('refuses a glob %s with an InputError', async (_why, glob, message) => {
      await expect(
        reader.search(`${base}/team/svc/tree/main/${glob}`),
      ).rejects.toThrow(InputError);
      await expect(
        reader.search(`${base}/team/svc/tree/main/${glob}`),
      ).rejects.toThrow(message);
    });

    it('refuses a search that matches more files than the cap', async () => {
      const capped = readerWith({ maxGlobLength: 512, maxSearchMatches: 2 });
      await expect(
        capped.search(`${base}/team/svc/tree/main/**`),
      ).rejects.toThrow(/matches more than 2 files/);
      expect(
        (await capped.search(`${base}/team/svc/tree/main/chart/*`)).files,
      ).toHaveLength(2);
    });
  });
});
