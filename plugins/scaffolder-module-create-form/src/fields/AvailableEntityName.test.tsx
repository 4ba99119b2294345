/**
 * The name field against a real HTTP server standing in for the catalog's
 * by-query endpoint and the git host's repository endpoint, through the
 * browser's own fetch.
 */
import {
  discoveryApiRef,
  fetchApiRef,
  type ApiHolder,
} from '@backstage/core-plugin-api';
import { TestApiProvider } from '@backstage/test-utils';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { useState } from 'react';
import {
  AvailableEntityName,
  availableEntityNameValidation,
} from './AvailableEntityName';
import { NAME_CHECK_DEBOUNCE_MS } from '../hooks/useNameAvailability';

// a loaded machine (2 cores shared by several runs) renders slowly; not a timing assertion
jest.setTimeout(60_000);

const PATTERN = '^[a-z][a-z0-9-]{1,38}[a-z0-9]$';
const catalog = new Map([
  ['payments-service', 'Component'],
  ['orders-db', 'Resource'],
]);
const repos = new Set(['checkout/old-experiment']);
const requests: string[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/catalog/entities/by-query') {
      const filter = url.searchParams.get('filter') ?? '';
      const name = /metadata\.name=([^,]*)/.exec(filter)?.[1] ?? '';
      if (!filter.includes('metadata.namespace=default'))
        return send(400, { error: 'no namespace' });
      if (name === 'catalog-down') return send(503, { error: 'down' });
      const kind = catalog.get(name);
      return send(200, {
        items: kind ? [{ kind, metadata: { name } }] : [],
        totalItems: kind ? 1 : 0,
        pageInfo: {},
      });
    }
    const repo = /^\/api\/git\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (repo) {
      const key = `${decodeURIComponent(repo[1])}/${decodeURIComponent(
        repo[2],
      )}`;
      return repos.has(key)
        ? send(200, { org: repo[1], name: repo[2] })
        : send(404, { error: { name: 'NotFoundError' } });
    }
    return send(404, {});
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(resolve => server.close(resolve)));
beforeEach(() => {
  requests.length = 0;
});

const discoveryApi = {
  getBaseUrl: async (pluginId: string) => `${base}/api/${pluginId}`,
};
const fetchApi = { fetch: (input: any, init?: any) => fetch(input, init) };
const apis = [
  [discoveryApiRef, discoveryApi],
  [fetchApiRef, fetchApi],
] as const;

function Harness(props: { owner?: string }) {
  const [value, setValue] = useState<string | undefined>();
  return (
    <AvailableEntityName
      {...({} as any)}
      schema={{ title: 'Name', type: 'string', pattern: PATTERN }}
      uiSchema={{}}
      idSchema={{ $id: 'root_name' } as any}
      formData={value}
      formContext={{ formData: { owner: props.owner } }}
      onChange={setValue}
      rawErrors={[]}
      required
    />
  );
}

function renderField(owner?: string) {
  render(
    <TestApiProvider apis={apis as any}>
      <Harness owner={owner} />
    </TestApiProvider>,
  );
  return screen.getByLabelText(/Name/);
}

function type(input: HTMLElement, text: string) {
  // one change per keystroke, as a person types
  for (let i = 1; i <= text.length; i++) {
    fireEvent.change(input, { target: { value: text.slice(0, i) } });
  }
}

describe('AvailableEntityName', () => {
  it.each([
    [
      'payments-service',
      'group:default/checkout',
      'taken',
      '"payments-service" is taken: the catalog already has component:default/payments-service. Choose another name.',
    ],
    [
      'orders-db',
      undefined,
      'taken',
      '"orders-db" is taken: the catalog already has resource:default/orders-db. Choose another name.',
    ],
    [
      'old-experiment',
      'group:default/checkout',
      'taken',
      '"old-experiment" is taken: the git host already has the repository checkout/old-experiment. Choose another name.',
    ],
    [
      'old-experiment',
      'group:default/payments',
      'free',
      '"old-experiment" is free in the catalog and on the git host.',
    ],
    [
      'brand-new-service',
      undefined,
      'free',
      '"brand-new-service" is free in the catalog (choose an owner to check the git host too).',
    ],
    [
      'catalog-down',
      'group:default/checkout',
      'unknown',
      'Could not check whether "catalog-down" is free (the catalog answered 503); it is checked again when the repository is created.',
    ],
  ])(
    'typing %j (owner %s) says it is %s',
    async (name, owner, status, message) => {
      const input = renderField(owner);
      type(input, name);
      await waitFor(
        () => expect(input).toHaveAttribute('data-name-status', status),
        { timeout: 10_000 },
      );
      expect(screen.getByRole('status')).toHaveTextContent(message);
      // nothing asked for the prefixes that break the rule (too short)
      for (const r of requests)
        expect(r).not.toMatch(/name%3D[a-z]{1,2}(%2C|&|$)/);
      // the final name was asked for, at least once
      expect(requests.some(r => r.includes(encodeURIComponent(name)))).toBe(
        true,
      );
    },
  );

  it.each(['Payments', 'a', 'bad_name', '../etc', 'x'.repeat(41)])(
    'asks nothing for %j, which breaks the rule (its own message says why)',
    async bad => {
      const input = renderField('group:default/checkout');
      // pasted whole: its prefixes may be valid names
      fireEvent.change(input, { target: { value: bad } });
      // past the debounce: a wrongly scheduled check would have been sent
      await new Promise(resolve =>
        setTimeout(resolve, NAME_CHECK_DEBOUNCE_MS + 100),
      );
      // a valid name typed afterwards is asked for: the server was reachable all along
      fireEvent.change(input, { target: { value: 'brand-new-service' } });
      await waitFor(
        () => expect(input).toHaveAttribute('data-name-status', 'free'),
        { timeout: 10_000 },
      );
      expect(requests.filter(r => !r.includes('brand-new-service'))).toEqual(
        [],
      );
    },
  );
});

describe('availableEntityNameValidation (at Next)', () => {
  const byId = new Map<string, unknown>([
    [discoveryApiRef.id, discoveryApi],
    [fetchApiRef.id, fetchApi],
  ]);
  const apiHolder = {
    get: (ref: { id: string }) => byId.get(ref.id),
  } as ApiHolder;

  it.each([
    [
      'payments-service',
      'group:default/checkout',
      [
        '"payments-service" is taken: the catalog already has component:default/payments-service. Choose another name.',
      ],
    ],
    [
      'old-experiment',
      'group:default/checkout',
      [
        '"old-experiment" is taken: the git host already has the repository checkout/old-experiment. Choose another name.',
      ],
    ],
    ['old-experiment', 'group:default/payments', []],
    ['brand-new-service', undefined, []],
    // the check could not run: the server decides when it creates the repository
    ['catalog-down', 'group:default/checkout', []],
    // breaks the rule: the schema's message covers it, nothing is asked
    ['Bad Name', 'group:default/checkout', []],
  ])('%j owned by %s gets %j', async (name, owner, expected) => {
    const errors: string[] = [];
    await availableEntityNameValidation(
      name,
      { addError: (m: string) => errors.push(m) } as any,
      {
        apiHolder,
        formData: { name, owner } as any,
        schema: { type: 'string', pattern: PATTERN },
      },
    );
    expect(errors).toEqual(expected);
  });
});
