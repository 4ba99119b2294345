import { mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import express from 'express';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createHardenedErrorHandler } from './createHardenedErrorHandler';

/** A Postgres error as node-postgres raises it. */
function pgError(code: string, message: string) {
  const error = new Error(message);
  error.name = 'error';
  Object.setPrototypeOf(error, class DatabaseError extends Error {}.prototype);
  return Object.assign(error, {
    code,
    severity: 'ERROR',
    file: 'uuid.c',
    routine: 'string_to_uuid',
    detail: 'internal',
  });
}

function fsError() {
  try {
    fs.readFileSync(path.join(process.cwd(), 'no-such-file-here.yaml'));
  } catch (e) {
    return e as Error;
  }
  throw new Error('unreachable');
}

const thrown: Array<[string, () => unknown, number]> = [
  [
    'InputError',
    () => new InputError(`bad value at ${path.join(process.cwd(), 'x.yaml')}`),
    400,
  ],
  ['NotFoundError', () => new NotFoundError('no such entity'), 404],
  ['NotAllowedError', () => new NotAllowedError('not yours'), 403],
  ['ConflictError', () => new ConflictError('taken'), 409],
  [
    'URIError',
    () => {
      try {
        decodeURIComponent('%ZZ');
      } catch (e) {
        return e;
      }
      return undefined;
    },
    400,
  ],
  [
    'Postgres invalid uuid',
    () => pgError('22P02', 'invalid input syntax for type uuid: "abc"'),
    400,
  ],
  [
    'Postgres invalid uuid through knex',
    () =>
      pgError(
        '22P02',
        'select "id", "secrets" from "tasks" where "id" = $1 - invalid input syntax for type uuid: "abc"',
      ),
    400,
  ],
  [
    'Postgres NUL byte',
    () => pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00'),
    400,
  ],
  [
    'Postgres index row too large',
    () =>
      pgError('54000', 'index row requires 10016 bytes, maximum size is 8191'),
    400,
  ],
  [
    'Postgres connection refused (server fault)',
    () => pgError('08006', 'connection failure'),
    500,
  ],
  ['fs error with a server path', fsError, 500],
  [
    'TypeError from server code',
    () =>
      new TypeError(
        `Cannot read properties of undefined (reading 'x') at ${os.homedir()}/app/node_modules/foo/index.js:1:2`,
      ),
    500,
  ],
  ['a thrown string', () => 'just a string', 500],
  [
    'http-error with status',
    () =>
      Object.assign(new Error('request entity too large'), {
        status: 413,
        type: 'entity.too.large',
      }),
    413,
  ],
];

function app(localMode: boolean, error: () => unknown) {
  const a = express();
  a.get('/boom', () => {
    throw error();
  });
  a.use(
    createHardenedErrorHandler({
      logger: mockServices.logger.mock(),
      localMode,
    }),
  );
  return a;
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SERVER_DETAIL = new RegExp(
  [
    process.cwd(),
    os.homedir(),
    os.tmpdir(),
    'node_modules',
    'uuid.c',
    'string_to_uuid',
    'errno',
    'syscall',
  ]
    .map(literal)
    .concat(['\\n\\s+at '])
    .join('|'),
);

describe('createHardenedErrorHandler', () => {
  it.each(thrown)(
    'production: %s is answered %d-ish without stack, server path or internals',
    async (_name, error, status) => {
      const res = await request(app(false, error)).get('/boom');
      expect(res.status).toBe(status);
      expect(res.body.response).toEqual({ statusCode: status });
      expect(res.body.request).toEqual({ method: 'GET', url: '/boom' });
      expect(Object.keys(res.body.error).sort()).toEqual(['message', 'name']);
      expect(res.text).not.toMatch(SERVER_DETAIL);
      // 5xx: only a log id; 4xx: the error's own message
      expect(
        /^An internal error occurred; the server log has the details under logId=[0-9a-f]{20}$/.test(
          res.body.error.message,
        ),
      ).toBe(status >= 500);
    },
  );

  it.each(thrown)(
    'local mode: %s keeps its status and a stack for developers',
    async (_name, error, status) => {
      const res = await request(app(true, error)).get('/boom');
      expect(res.status).toBe(status);
      expect(
        typeof res.body.error.stack === 'string' || typeof error() === 'string',
      ).toBe(true);
    },
  );

  it('answers a Postgres value error with its reason only, not the SQL or the value', async () => {
    const res = await request(
      app(false, () =>
        pgError(
          '22P02',
          'select "id", "secrets" from "tasks" where "id" = $1 - invalid input syntax for type uuid: "abc"',
        ),
      ),
    ).get('/boom');
    expect(res.body.error).toEqual({
      name: 'InputError',
      message:
        'The request carries a value the server cannot use (invalid input syntax for type uuid)',
    });
  });

  it('names what was wrong in a 4xx, with server paths replaced', async () => {
    const res = await request(
      app(
        false,
        () =>
          new InputError(
            `cannot read ${path.join(
              process.cwd(),
              'catalog/x.yaml',
            )} or file:///etc/passwd`,
          ),
      ),
    ).get('/boom');
    expect(res.body.error).toEqual({
      name: 'InputError',
      message: 'cannot read <server path> or <server path>',
    });
  });

  it('leaves URLs in messages alone', async () => {
    const res = await request(
      app(
        false,
        () =>
          new NotFoundError(
            'no location url:http://localhost:7007/api/git/checkout/x/raw/main/catalog-info.yaml',
          ),
      ),
    ).get('/boom');
    expect(res.body.error.message).toBe(
      'no location url:http://localhost:7007/api/git/checkout/x/raw/main/catalog-info.yaml',
    );
  });

  it('logs a 5xx with the same log id it answers', async () => {
    const logger = mockServices.logger.mock();
    const child = mockServices.logger.mock();
    const grandChild = mockServices.logger.mock();
    logger.child.mockReturnValue(child);
    child.child.mockReturnValue(grandChild);
    const a = express();
    a.get('/boom', () => {
      throw new Error('secret internals');
    });
    a.use(createHardenedErrorHandler({ logger, localMode: false }));
    const res = await request(a).get('/boom');
    const logId = res.body.error.message.match(/logId=(\w+)/)[1];
    expect(child.child).toHaveBeenCalledWith({ logId });
    expect(grandChild.error).toHaveBeenCalledWith(
      expect.stringContaining(logId),
      expect.objectContaining({ message: 'secret internals' }),
    );
  });
});
