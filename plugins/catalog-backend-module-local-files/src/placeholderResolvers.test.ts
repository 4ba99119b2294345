import { mockServices } from '@backstage/backend-test-utils';
import type { PlaceholderResolverParams } from '@backstage/plugin-catalog-node';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPlaceholderResolvers } from './placeholderResolvers';

const SECRET = 'S3CRET-hunter2-do-not-echo';

describe('placeholders beside a file location', () => {
  let dir: string;
  let folder: string;
  let baseUrl: string;
  const resolvers = () =>
    createPlaceholderResolvers({
      logger: mockServices.logger.mock(),
      limits: { maxBytes: 1024, timeoutMs: 5000 },
    });

  beforeAll(() => {
    dir = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'placeholder-test-')),
    );
    folder = path.join(dir, 'apis');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'outside'));
    baseUrl = path.join(folder, 'api.yaml');
    fs.writeFileSync(baseUrl, 'kind: API\n');
    fs.writeFileSync(path.join(folder, 'sub', 'def.yaml'), 'openapi: 3.0.0\n');
    fs.writeFileSync(path.join(folder, 'def.json'), '{"openapi":"3.0.0"}');
    fs.writeFileSync(
      path.join(dir, 'outside', 'secret.json'),
      `{"password":"${SECRET}"}`,
    );
    fs.writeFileSync(path.join(dir, 'secret.yaml'), `password: ${SECRET}\n`);
    fs.symlinkSync('/etc/passwd', path.join(folder, 'passwd.yaml'));
    fs.symlinkSync(
      path.join(dir, 'secret.yaml'),
      path.join(folder, 'secret-link.yaml'),
    );
    fs.symlinkSync(
      path.join(dir, 'outside'),
      path.join(folder, 'linked-folder'),
    );
    fs.symlinkSync('/dev/zero', path.join(folder, 'zero.yaml'));
    fs.symlinkSync('sub/def.yaml', path.join(folder, 'inside-link.yaml'));
    execFileSync('mkfifo', [path.join(folder, 'fifo.yaml')]);
    fs.writeFileSync(path.join(folder, 'big.yaml'), `# ${'x'.repeat(4096)}\n`);
    fs.writeFileSync(
      path.join(folder, 'broken.yaml'),
      `password: [${SECRET}\n`,
    );
    fs.writeFileSync(
      path.join(folder, 'broken.json'),
      `{"password": ${SECRET}}`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function params(key: string, value: string): PlaceholderResolverParams {
    return {
      key,
      value,
      baseUrl,
      read: async (url: string) => {
        throw new Error(`no reader for ${url}`);
      },
      resolveUrl: (url: string, base: string) => new URL(url, base).toString(),
      emit: () => {},
    } as PlaceholderResolverParams;
  }

  const hostile: Array<[string, RegExp]> = [
    ['./passwd.yaml', /through a symbolic link/],
    ['./secret-link.yaml', /through a symbolic link/],
    ['./linked-folder/secret.json', /through a symbolic link/],
    ['./zero.yaml', /through a symbolic link/],
    ['../secret.yaml', /may only read files inside/],
    ['sub/../../secret.yaml', /may only read files inside/],
    ['/etc/passwd', /may not use the absolute path/],
    ['./fifo.yaml', /not a regular file \(it is a FIFO/],
    ['./sub', /not a regular file \(it is a directory/],
    ['./big.yaml', /over the 1024-byte limit/],
    ['./nowhere.yaml', /does not exist/],
  ];

  for (const key of ['text', 'yaml', 'json'] as const) {
    it.each(hostile)(
      `$${key} refuses %s, quoting nothing`,
      async (value, message) => {
        const error = await resolvers()
          [key](params(key, value))
          .then(
            () => undefined,
            e => e,
          );
        expect(error?.message).toMatch(message);
        expect(error.message).not.toContain(SECRET);
        expect(error.message).not.toContain('root:x:0:0');
      },
    );
  }

  it('reads files in the folder, also through a link that stays inside it', async () => {
    expect(await resolvers().text(params('text', './sub/def.yaml'))).toBe(
      'openapi: 3.0.0\n',
    );
    expect(await resolvers().text(params('text', './inside-link.yaml'))).toBe(
      'openapi: 3.0.0\n',
    );
    expect(await resolvers().yaml(params('yaml', 'inside-link.yaml'))).toEqual({
      openapi: '3.0.0',
    });
    expect(await resolvers().json(params('json', './def.json'))).toEqual({
      openapi: '3.0.0',
    });
  });

  it('reports invalid YAML and JSON by position, not by content', async () => {
    const yamlError = await resolvers()
      .yaml(params('yaml', './broken.yaml'))
      .then(
        () => undefined,
        e => e,
      );
    expect(yamlError.message).toMatch(
      /invalid YAML in \.\/broken\.yaml, line \d+, column \d+: BAD_INDENT/,
    );
    expect(yamlError.message).not.toContain(SECRET);
    const jsonError = await resolvers()
      .json(params('json', './broken.json'))
      .then(
        () => undefined,
        e => e,
      );
    expect(jsonError.message).toMatch(/invalid JSON in \.\/broken\.json/);
    expect(jsonError.message).not.toContain(SECRET);
    expect(jsonError.message).not.toContain('S3CRET');
  });

  it('does not read file:// URLs from disk', async () => {
    const text = await resolvers().text(params('text', 'file:///etc/passwd'));
    expect(text).toContain('could not be read');
    expect(text).not.toContain('root:x:0:0');
    await expect(
      resolvers().json(params('json', 'file:///etc/passwd')),
    ).rejects.toThrow(/no reader for file:\/\/\/etc\/passwd/);
  });
});
