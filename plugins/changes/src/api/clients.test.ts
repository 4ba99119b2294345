/**
 * @jest-environment node
 */
// The clients against a real HTTP server that serves the read contract of
// the template upgrades backend and the git host's change routes, checking
// the paths, the encoding of hostile refs and how errors come back.
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { ResponseError } from '@backstage/errors';
import { ChangesClient } from './ChangesClient';
import { TemplateUpgradesClient } from './TemplateUpgradesClient';

/** An error body as Backstage's error handler writes it. */
const errorBody = (
  status: number,
  name: string,
  message: string,
  req: express.Request,
) => ({
  error: { name, message },
  request: { method: req.method, url: req.originalUrl },
  response: { statusCode: status },
});

let server: Server;
let base: string;
const seen: Array<{
  method: string;
  url: string;
  body?: unknown;
  auth?: string;
}> = [];

beforeAll(async () => {
  const app = express();
  app.use(express.json());
  app.use((req, _res, next) => {
    seen.push({
      method: req.method,
      url: req.originalUrl,
      body: req.body,
      auth: req.headers.authorization,
    });
    next();
  });
  app.get('/api/template-upgrades/templates', (_req, res) => {
    res.json({
      templates: [
        {
          ref: 'template:default/node-service',
          title: 'Node.js service',
          currentVersion: '1.3.0',
          services: 12,
          behind: 4,
        },
      ],
    });
  });
  app.get('/api/template-upgrades/fleet', (req, res) => {
    if (req.query.template === 'template:default/missing') {
      res
        .status(404)
        .json(
          errorBody(
            404,
            'NotFoundError',
            'No template template:default/missing',
            req,
          ),
        );
      return;
    }
    res.json({
      template: req.query.template,
      currentVersion: '1.3.0',
      services: [],
    });
  });
  app.post('/api/template-upgrades/upgrades', (req, res) => {
    if (req.headers.authorization !== 'Bearer admin') {
      res
        .status(403)
        .json(
          errorBody(
            403,
            'NotAllowedError',
            'Only platform admins and template authors may propose upgrades',
            req,
          ),
        );
      return;
    }
    res.status(201).json({ proposals: [] });
  });
  app.get('/api/git/repos/:org/:name/changes', (req, res) => {
    res.json({
      items: [
        {
          id: 'x',
          org: req.params.org,
          repo: req.params.name,
          status: req.query.status ?? 'open',
        },
      ],
    });
  });
  app.get('/api/git/changes/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.post('/api/git/changes/:id/:action', (req, res) => {
    res
      .status(409)
      .json(errorBody(409, 'ConflictError', `${req.params.id} is merged`, req));
  });
  await new Promise<void>(resolve => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  await new Promise(resolve => server.close(resolve));
});

const deps = (token = 'user') => ({
  discoveryApi: { getBaseUrl: async (id: string) => `${base}/${id}` },
  fetchApi: {
    fetch: (input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, {
        ...init,
        headers: {
          ...(init?.headers as object),
          Authorization: `Bearer ${token}`,
        },
      }),
  },
});

describe('TemplateUpgradesClient', () => {
  it('reads the templates and one template\u2019s fleet', async () => {
    const client = new TemplateUpgradesClient(deps());
    expect(await client.getTemplates()).toEqual([
      expect.objectContaining({
        ref: 'template:default/node-service',
        behind: 4,
      }),
    ]);
    expect(await client.getFleet('template:default/node-service')).toEqual({
      template: 'template:default/node-service',
      currentVersion: '1.3.0',
      services: [],
    });
  });

  it.each([
    'template:default/a&template=b',
    'template:default/a#frag',
    'template:default/ü?x=1',
    'template:default/a b/../c',
  ])('sends the ref %j as one query value', async ref => {
    const fleet = await new TemplateUpgradesClient(deps()).getFleet(ref);
    expect(fleet.template).toBe(ref);
  });

  it('passes the server\u2019s refusals on as ResponseErrors', async () => {
    const client = new TemplateUpgradesClient(deps());
    await expect(
      client.getFleet('template:default/missing'),
    ).rejects.toMatchObject({
      statusCode: 404,
      body: { error: { message: 'No template template:default/missing' } },
    });
    const refused = (await client
      .proposeUpgrades({ template: 'template:default/node-service' })
      .then(
        () => undefined,
        e => e,
      )) as ResponseError;
    expect(refused).toBeInstanceOf(ResponseError);
    expect(refused.statusCode).toBe(403);
    expect(refused.body.error.message).toBe(
      'Only platform admins and template authors may propose upgrades',
    );
  });

  it.each([
    { template: 'template:default/node-service' },
    { entityRef: 'component:default/loyalty' },
  ])('proposes upgrades for %j', async target => {
    await new TemplateUpgradesClient(deps('admin')).proposeUpgrades(target);
    expect(seen[seen.length - 1]).toMatchObject({
      method: 'POST',
      url: '/api/template-upgrades/upgrades',
      body: target,
    });
  });
});

describe('ChangesClient', () => {
  it('lists, reads and acts on changes under the git host', async () => {
    const client = new ChangesClient(deps());
    expect(
      await client.listChanges({ org: 'checkout', name: 'loyalty' }, 'merged'),
    ).toEqual([
      { id: 'x', org: 'checkout', repo: 'loyalty', status: 'merged' },
    ]);
    expect(await client.getChange('../../admin')).toEqual({
      id: '../../admin',
    });
    expect(seen[seen.length - 1].url).toBe('/api/git/changes/..%2F..%2Fadmin');
    await expect(client.mergeChange('abc')).rejects.toMatchObject({
      statusCode: 409,
    });
    await expect(client.closeChange('abc')).rejects.toMatchObject({
      statusCode: 409,
    });
    expect(seen.slice(-2).map(s => `${s.method} ${s.url}`)).toEqual([
      'POST /api/git/changes/abc/merge',
      'POST /api/git/changes/abc/close',
    ]);
  });
});
