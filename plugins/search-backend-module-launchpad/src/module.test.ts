/*
 * Search over the demo catalog (catalog/all.yaml) in a backend with the real
 * catalog, the search plugin, Backstage's catalog collator and this module,
 * on the embedded Postgres: a table of queries and the result that must come
 * first, what else must be found, and hostile terms that must not fail.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  type TestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import localFiles from '@internal/plugin-catalog-backend-module-local-files';
import searchPlugin from '@backstage/plugin-search-backend';
import searchCatalogCollator from '@backstage/plugin-search-backend-module-catalog';
import { testDatabaseConfig, waitFor } from '@internal/backend-test-helpers';
import path from 'node:path';
import request from 'supertest';
import searchLaunchpad from './index';

jest.setTimeout(180_000);

const auth = mockCredentials.user.header();
const repoRoot = path.resolve(__dirname, '../../..');

let backend: TestBackend;
const api = () => request(backend.server);

type Hit = {
  type: string;
  document: { location: string; kind?: string; name?: string; title?: string };
};

async function search(term: string, extra: Record<string, string> = {}) {
  const res = await api()
    .get('/api/search/query')
    .query({ term, types: ['software-catalog'], ...extra })
    .set('Authorization', auth);
  return res;
}

/** `/catalog/default/component/payments-service` → `component:payments-service`. */
const refOf = (hit: Hit) => {
  const [, , , kind, name] = hit.document.location.split('/');
  return `${kind}:${name}`.toLocaleLowerCase('en-US');
};

beforeAll(async () => {
  backend = await startTestBackend({
    features: [
      ...(process.env.SEARCH_TEST_DEBUG
        ? [mockServices.rootLogger.factory({ level: 'debug' })]
        : []),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            baseUrl: 'http://localhost:7007',
            database: testDatabaseConfig(),
          },
          // Local mode: the demo catalog's files and their $text definitions are read from disk
          launchpad: {
            localMode: true,
            catalog: { fileRoots: [path.join(repoRoot, 'catalog')] },
          },
          catalog: {
            allowedLocationTypes: ['url', 'file'],
            rules: [
              {
                allow: [
                  'Component',
                  'API',
                  'System',
                  'Domain',
                  'Resource',
                  'Group',
                  'User',
                  'Location',
                ],
              },
            ],
            locations: [
              { type: 'file', target: path.join(repoRoot, 'catalog/all.yaml') },
            ],
            processingInterval: { seconds: 2 },
          },
          search: {
            collators: {
              catalog: {
                // Re-indexed often: the first pass may run before the catalog has read its files.
                schedule: {
                  frequency: { seconds: 3 },
                  timeout: { minutes: 1 },
                  initialDelay: { seconds: 1 },
                },
              },
            },
            pg: { highlightOptions: { useHighlight: true } },
          },
        },
      }),
      // The real scheduler: the collator runs on its schedule, as in the portal
      schedulerServiceFactory,
      catalogPlugin,
      localFiles,
      searchPlugin,
      searchCatalogCollator,
      searchLaunchpad,
    ],
  });
  // The demo catalog is in and indexed: its last files' entities are found.
  await waitFor(
    async () => {
      const events = (await search('payment-events')).body.results ?? [];
      const people = (await search('ahmed')).body.results ?? [];
      const service = (await search('payments')).body.results ?? [];
      return events.map(refOf).includes('api:payment-events') &&
        service.map(refOf).includes('component:payments-service') &&
        people.length
        ? true
        : undefined;
    },
    {
      timeoutMs: Number(process.env.SEARCH_TEST_WAIT ?? 120_000),
      intervalMs: 1000,
      describe: async () => {
        const events = (await search('payment-events')).body.results ?? [];
        const people = (await search('ahmed')).body.results ?? [];
        const apis = await api()
          .get(
            '/api/catalog/entities?filter=kind=component&fields=metadata.name',
          )
          .set('Authorization', auth);
        return `the demo catalog in the search index (payment-events: ${events
          .map(refOf)
          .join(', ')}; ahmed: ${people
          .map(refOf)
          .join(', ')}; catalog components: ${JSON.stringify(apis.body)})`;
      },
    },
  );
});

afterAll(async () => {
  await backend?.stop();
});

describe('the first result', () => {
  it.each([
    // exact name
    ['payments-service', 'component:payments-service'],
    ['checkout-service', 'component:checkout-service'],
    ['payment-events', 'api:payment-events'],
    ['PAYMENTS-SERVICE', 'component:payments-service'],
    ['  payments-service  ', 'component:payments-service'],
    // words of the name, the title
    ['payments service', 'component:payments-service'],
    ['fraud screening', 'component:fraud-screening-service'],
    ['Fraud screening service', 'component:fraud-screening-service'],
    ['warehouse stock', 'component:warehouse-stock-sync'],
    ['psp', 'component:legacy-psp-adapter'],
    // the start of a word
    ['recommend', 'component:recommendations-service'],
    // a name shared by kinds: the System before the Group
    ['payments', 'system:payments'],
    // names alike: the Component before the API
    ['inventory', 'component:inventory-service'],
    // by tag
    ['opensearch', 'component:search-indexer'],
    ['nextjs', 'component:storefront-web'],
    ['design-system', 'component:storefront-ui-kit'],
    ['spring-boot kotlin', 'component:orders-service'],
    ['graphql', 'component:mobile-bff'],
    // a team by its name, a person by theirs
    ['web-experience', 'group:web-experience'],
    ['priya', 'user:priya.nair'],
  ])('%j → %s', async (term, first) => {
    const res = await search(term);
    expect(res.status).toBe(200);
    const refs = (res.body.results as Hit[]).map(refOf);
    expect(refs[0]).toBe(first);
  });
});

describe('what else it finds', () => {
  it.each([
    // by owner: a team's name finds what it owns, Components before the rest
    [
      'checkout',
      ['component:checkout-service', 'component:promotions-service'],
    ],
    [
      'fulfilment',
      ['component:notification-service', 'component:warehouse-stock-sync'],
    ],
    // by tag: every entity with it
    ['pci-dss', ['component:payments-service', 'component:legacy-psp-adapter']],
    [
      'kafka',
      [
        'component:orders-service',
        'component:inventory-service',
        'component:notification-service',
      ],
    ],
  ])('%j finds %j', async (term, expected) => {
    const res = await search(term);
    expect(res.status).toBe(200);
    const refs = (res.body.results as Hit[]).map(refOf);
    expect(refs).toEqual(expect.arrayContaining(expected));
  });

  it('ranks Components, APIs and Systems before other kinds when no name is exact', async () => {
    const res = await search('checkout');
    const kinds = (res.body.results as Hit[]).map(h => refOf(h).split(':')[0]);
    // the Group "checkout" is the exact name; after it, the preferred kinds come first
    const rest = kinds.slice(kinds.indexOf('group') + 1);
    const firstOther = rest.findIndex(
      k => !['component', 'api', 'system'].includes(k),
    );
    const lastPreferred = rest
      .map(k => ['component', 'api', 'system'].includes(k))
      .lastIndexOf(true);
    expect(firstOther === -1 || lastPreferred < firstOther).toBe(true);
  });

  it('pages through the ranked results without repeating or losing one', async () => {
    const all = await search('service', { pageLimit: '100' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await search('service', {
        pageLimit: '4',
        ...(cursor && { pageCursor: cursor }),
      });
      expect(res.status).toBe(200);
      seen.push(...(res.body.results as Hit[]).map(refOf));
      cursor = res.body.nextPageCursor;
    } while (cursor);
    expect(seen).toEqual((all.body.results as Hit[]).map(refOf));
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('hostile terms', () => {
  const hostile = [
    "'",
    "''",
    '"',
    '\\',
    "\\\\'",
    "payments' | 'x",
    'a & | ! <-> :* ( )',
    '((((((',
    '!!!!',
    ':*',
    '<->',
    "'; DROP TABLE documents; --",
    '%',
    '_',
    '\u0000',
    'pay\u0000ments',
    '😀 payments',
    'payments\u202e',
    'x'.repeat(5000),
    Array.from({ length: 500 }, (_, i) => `w${i}`).join(' '),
    'é'.repeat(300),
    '$1 $2 ?? ?',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
  ];
  it.each(
    hostile.map(t => [
      t.length > 40 ? `${t.slice(0, 40)}… (${t.length})` : JSON.stringify(t),
      t,
    ]),
  )('%s is answered, not a 500', async (_label, term) => {
    const res = await search(term);
    expect(res.status).toBeLessThan(500);
    // an answer with results carries them as a list
    const withResults = { results: expect.any(Array) };
    expect(res.body).toMatchObject(res.status === 200 ? withResults : {});
  });

  it('finds what the words of a noisy term name', async () => {
    for (const term of [
      "payments'-service",
      '(payments)|service',
      'payments:*service!',
      '"payments-service"',
    ]) {
      const res = await search(term);
      expect(res.status).toBe(200);
      expect((res.body.results as Hit[]).map(refOf)).toContain(
        'component:payments-service',
      );
    }
  });

  it('answers bad page cursors and sizes with the first page', async () => {
    for (const pageCursor of [
      '!!!',
      'e30=',
      Buffer.from('{"page":-3}').toString('base64'),
      Buffer.from('{"page":1e9}').toString('base64'),
    ]) {
      const res = await search('payments', { pageCursor });
      expect(res.status).toBeLessThan(500);
    }
  });
});
