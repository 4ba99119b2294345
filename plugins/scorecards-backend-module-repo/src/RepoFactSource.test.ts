import type {
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { FactSourceUnavailableError } from '@internal/plugin-scorecards-node';
import { RepoFactSource } from './RepoFactSource';

const component = (
  name: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
});
const at = (url: string) => ({ 'backstage.io/source-location': `url:${url}` });

const WORKFLOW = 'jobs:\n  sast:\n    steps:\n      - run: semgrep ci\n';

/** A UrlReader over in-memory repositories keyed by folder URL. */
function fakeReader(
  repos: Record<string, Record<string, string> | Error | 'hang'>,
) {
  const calls: string[] = [];
  const contentReads: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const reader: UrlReaderService = {
    readUrl: () => Promise.reject(new Error('not used')),
    search: () => Promise.reject(new Error('not used')),
    async readTree(url, options) {
      calls.push(url);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise(r => setImmediate(r));
        const repo = repos[url];
        if (repo === undefined)
          throw new NotFoundError(`${url} does not exist`);
        if (repo === 'hang') return await new Promise<never>(() => {});
        if (repo instanceof Error) throw repo;
        const files = Object.entries(repo)
          .filter(([path]) => options?.filter?.(path) ?? true)
          .map(([path, text]) => ({
            path,
            content: async () => {
              contentReads.push(path);
              return Buffer.from(text);
            },
          }));
        return {
          files: async () => files,
          etag: 'x',
        } as unknown as UrlReaderServiceReadTreeResponse;
      } finally {
        inFlight--;
      }
    },
  };
  return { reader, calls, contentReads, maxInFlight: () => maxInFlight };
}

const ALL = new Set([
  'repo.hasCiWorkflow',
  'repo.hasCodeowners',
  'repo.helmEnvironments',
  'repo.hasSastStep',
]);
const context = (factNames: Set<string> = ALL) => ({
  factNames,
  logger: mockServices.logger.mock(),
});

describe('RepoFactSource', () => {
  it('reads each repository once, within the concurrency limit, and leaves out entities without one', async () => {
    const repos: Record<string, Record<string, string>> = {};
    const entities: Entity[] = [];
    for (let i = 0; i < 20; i++) {
      const url = `https://git.example/org/svc-${i}/tree/main/`;
      repos[url] =
        i % 2
          ? { 'README.md': '#' }
          : { '.github/workflows/ci.yml': WORKFLOW, CODEOWNERS: '*' };
      entities.push(component(`svc-${i}`, at(url)));
    }
    // An API registered from the same repository as svc-0
    entities.push({
      ...component('svc-0-api', at('https://git.example/org/svc-0/tree/main/')),
      kind: 'API',
    });
    entities.push(
      component('on-disk', {
        'backstage.io/managed-by-location': 'file:/catalog/x.yaml',
      }),
    );
    const fake = fakeReader(repos);
    const source = new RepoFactSource({ reader: fake.reader, concurrency: 3 });

    const facts = await source.retrieve(entities, context());
    expect(fake.calls).toHaveLength(20);
    expect(fake.maxInFlight()).toBe(3);
    expect(facts.size).toBe(21);
    expect(facts.get('component:default/svc-0')).toEqual({
      'repo.hasCiWorkflow': true,
      'repo.hasCodeowners': true,
      'repo.helmEnvironments': [],
      'repo.hasSastStep': true,
    });
    expect(facts.get('api:default/svc-0-api')).toEqual(
      facts.get('component:default/svc-0'),
    );
    expect(facts.get('component:default/svc-1')).toMatchObject({
      'repo.hasCiWorkflow': false,
      'repo.hasSastStep': false,
    });
    expect(facts.has('component:default/on-disk')).toBe(false);
  });

  it('reads no file contents unless a content fact is wanted, and nothing when no repo fact is', async () => {
    const url = 'https://git.example/org/a/tree/main/';
    const fake = fakeReader({
      [url]: { '.github/workflows/ci.yml': WORKFLOW },
    });
    const source = new RepoFactSource({ reader: fake.reader });
    const facts = await source.retrieve(
      [component('a', at(url))],
      context(new Set(['repo.hasCiWorkflow', 'repo.nonsense'])),
    );
    expect(facts.get('component:default/a')).toEqual({
      'repo.hasCiWorkflow': true,
    });
    expect(fake.contentReads).toEqual([]);

    expect(
      (
        await source.retrieve(
          [component('a', at(url))],
          context(new Set(['repo.nonsense'])),
        )
      ).size,
    ).toBe(0);
    expect(fake.calls).toHaveLength(1);
  });

  it('falls back to the folder of the registered file when the source location is not readable', async () => {
    const fake = fakeReader({
      'http://localhost:7007/api/git/team/a/raw/main/': { CODEOWNERS: '*' },
    });
    const source = new RepoFactSource({ reader: fake.reader });
    const facts = await source.retrieve(
      [
        component('a', {
          'backstage.io/source-location':
            'url:http://localhost:7007/api/git/team/a',
          'backstage.io/managed-by-location':
            'url:http://localhost:7007/api/git/team/a/raw/main/catalog-info.yaml',
        }),
      ],
      context(new Set(['repo.hasCodeowners'])),
    );
    expect(facts.get('component:default/a')).toEqual({
      'repo.hasCodeowners': true,
    });
  });

  it('leaves out repositories that are gone or not allowed, without calling the source unavailable', async () => {
    const fake = fakeReader({
      'https://elsewhere.example/x/': new NotAllowedError(
        'Reading from https://elsewhere.example is not allowed',
      ),
    });
    const source = new RepoFactSource({ reader: fake.reader });
    const facts = await source.retrieve(
      [
        component('gone', at('https://git.example/org/gone/tree/main/')),
        component('x', at('https://elsewhere.example/x/')),
      ],
      context(),
    );
    expect(facts.size).toBe(0);
  });

  it('is unavailable when no repository could be read because the host did not answer', async () => {
    const down = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    const fake = fakeReader({
      'https://git.example/org/a/tree/main/': down,
      'https://git.example/org/b/tree/main/': down,
    });
    const source = new RepoFactSource({ reader: fake.reader });
    const entities = [
      component('a', at('https://git.example/org/a/tree/main/')),
      component('b', at('https://git.example/org/b/tree/main/')),
      component('none', at('https://git.example/org/none/tree/main/')),
    ];
    const result = source.retrieve(entities, context());
    await expect(result).rejects.toThrow(FactSourceUnavailableError);
    await expect(result).rejects.toThrow(
      'could not read 2 of 3 repositories (https://git.example/org/a/tree/main/: fetch failed)',
    );
  });

  it('leaves out only the repositories that failed when others were read, and says so', async () => {
    const fake = fakeReader({
      'https://git.example/org/a/tree/main/': { CODEOWNERS: '*' },
      'https://other.example/org/b/tree/main/': 'hang',
    });
    const source = new RepoFactSource({ reader: fake.reader, timeoutMs: 50 });
    const ctx = context();
    const facts = await source.retrieve(
      [
        component('a', at('https://git.example/org/a/tree/main/')),
        component('b', at('https://other.example/org/b/tree/main/')),
      ],
      ctx,
    );
    expect([...facts.keys()]).toEqual(['component:default/a']);
    expect(ctx.logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'Could not read 1 of 2 repositories; their repo.* checks are unknown in this run (https://other.example/org/b/tree/main/: https://other.example/org/b/tree/main/ did not answer within 50 ms)',
      ),
    );
  });
});
