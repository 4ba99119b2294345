import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { NotModifiedError } from '@backstage/errors';
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

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'git-host-reader-'));
    const store = new GitRepositoryStore(path.join(root, 'repos'));
    await store.create({ org: 'team', name: 'svc' });
    const work = path.join(root, 'work');
    fs.mkdirSync(path.join(work, 'chart'), { recursive: true });
    fs.writeFileSync(path.join(work, 'README.md'), '# svc\n');
    fs.writeFileSync(path.join(work, 'chart', 'values-prod.yaml'), 'replicaCount: 2\n');
    // More than a pipe's buffer: an archive nobody reads cannot finish.
    fs.writeFileSync(path.join(work, 'chart', 'big.txt'), 'x'.repeat(512 * 1024));
    await store.pushDirectory({ org: 'team', name: 'svc' }, work, {
      authorName: 'Test',
      authorEmail: 'test@example.com',
      message: 'first',
    });
    // Backstage's own UrlReaders wiring, with only the git host's reader
    reader = UrlReaders.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
      factories: [
        ({ treeResponseFactory }) => [
          {
            reader: new GitHostUrlReader(store, base, treeResponseFactory),
            predicate: url => url.href.startsWith(`${base}/`),
          },
        ],
      ],
    });
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
    expect(files.map(f => f.path).sort()).toEqual(['big.txt', 'values-prod.yaml']);
    const values = files.find(f => f.path === 'values-prod.yaml')!;
    expect((await values.content()).toString()).toBe('replicaCount: 2\n');

    const commit = tree.etag;
    for (let i = 0; i < 5; i++) {
      await expect(reader.readTree(`${base}/team/svc/tree/main/chart`, { etag: tree.etag })).rejects.toThrow(
        NotModifiedError,
      );
    }
    // give a leaked archive time to show up in the process list
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(archivesOf(commit)).toEqual([]);
  });

  it('reads a file, and answers "not modified" for its etag', async () => {
    const file = await reader.readUrl(`${base}/team/svc/raw/main/README.md`);
    expect((await file.buffer()).toString()).toBe('# svc\n');
    await expect(reader.readUrl(`${base}/team/svc/raw/main/README.md`, { etag: file.etag })).rejects.toThrow(
      NotModifiedError,
    );
  });
});
