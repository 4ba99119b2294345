import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import type {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalFilesConfig } from '../config';
import { FileLocationGuard } from './FileLocationGuard';
import { LocationTargetGuard } from './LocationTargetGuard';

describe('LocationTargetGuard', () => {
  let dir: string;
  let root: string;
  let configuredDir: string;
  let guard: (localMode?: boolean) => LocationTargetGuard;

  beforeAll(() => {
    dir = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'target-guard-test-')),
    );
    root = path.join(dir, 'root');
    configuredDir = path.join(dir, 'configured');
    fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
    fs.mkdirSync(configuredDir);
    fs.writeFileSync(path.join(root, 'a.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(root, 'sub', 'b.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(configuredDir, 'all.yaml'), 'kind: Location\n');
    fs.writeFileSync(path.join(configuredDir, 'org.yaml'), 'kind: Group\n');
    fs.symlinkSync('/etc/passwd', path.join(root, 'passwd.yaml'));
    fs.symlinkSync(configuredDir, path.join(root, 'linked'));
    guard = (localMode = true) => {
      const config: LocalFilesConfig = {
        localMode,
        fileRoots: [root],
        readRoots: [root, configuredDir],
        configuredFiles: [path.join(configuredDir, 'all.yaml')],
        configuredLocations: [
          { type: 'file', target: path.join(configuredDir, 'all.yaml') },
        ],
        maxFileBytes: 1024,
        readTimeoutMs: 5000,
        orgSources: [],
        orgSourcesFromLocations: true,
      };
      return new LocationTargetGuard(new FileLocationGuard(config));
    };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const locationEntity = (spec: JsonObject): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'l' },
    spec,
  });

  async function run(
    processor: LocationTargetGuard,
    e: Entity,
    origin: LocationSpec,
    at = origin,
  ) {
    const emitted: CatalogProcessorResult[] = [];
    const out = await processor.preProcessEntity(
      e,
      at,
      r => emitted.push(r),
      origin,
    );
    return {
      out,
      errors: emitted.map(r => (r as { error: Error }).error.message),
    };
  }

  // Targets a registered file may list, relative to it or absolute, that must not be read.
  const hostile: Array<[string, RegExp]> = [
    ['/etc/passwd', /outside the folders/],
    ['/dev/zero', /outside the folders/],
    ['../configured/org.yaml', /outside the folders/],
    ['./sub/../../configured/org.yaml', /outside the folders/],
    ['./passwd.yaml', /through a symbolic link/],
    ['./linked/org.yaml', /through a symbolic link/],
    ['./sub', /not a regular file/],
    ['relative/no-dot.yaml', /not an absolute path/],
    ['./missing.yaml', /does not exist/],
  ];

  it.each(hostile)(
    'drops %s listed by a registered file, and says why',
    async (target, message) => {
      const at = { type: 'file', target: path.join(root, 'a.yaml') };
      const { out, errors } = await run(
        guard(),
        locationEntity({ targets: [target, './sub/b.yaml'], target }),
        at,
      );
      expect(out.spec).toEqual({ targets: ['./sub/b.yaml'] });
      expect(errors).toHaveLength(2);
      for (const error of errors) expect(error).toMatch(message);
    },
  );

  it('keeps targets inside the roots', async () => {
    const at = { type: 'file', target: path.join(root, 'a.yaml') };
    const entity = locationEntity({
      targets: ['./sub/b.yaml', path.join(root, 'a.yaml')],
    });
    expect(await run(guard(), entity, at)).toEqual({ out: entity, errors: [] });
  });

  it('leaves the configured locations alone: the operator lists what they like', async () => {
    const origin = {
      type: 'file',
      target: path.join(configuredDir, 'all.yaml'),
    };
    const entity = locationEntity({ targets: ['./org.yaml', '/etc/passwd'] });
    expect(await run(guard(), entity, origin)).toEqual({
      out: entity,
      errors: [],
    });
  });

  it('holds a url location listing a file to the same rules', async () => {
    const origin = {
      type: 'url',
      target: 'https://git.example.com/a/b/blob/main/catalog-info.yaml',
    };
    const { out, errors } = await run(
      guard(),
      locationEntity({ type: 'file', target: '/etc/shadow' }),
      origin,
    );
    expect(out.spec).toEqual({ type: 'file' });
    expect(errors[0]).toMatch(/outside the folders/);
  });

  it('refuses every file target of a registered location outside local mode', async () => {
    const at = { type: 'file', target: path.join(root, 'a.yaml') };
    const { out, errors } = await run(
      guard(false),
      locationEntity({ targets: ['./sub/b.yaml'] }),
      at,
    );
    expect(out.spec).toEqual({ targets: [] });
    expect(errors[0]).toMatch(/only in local mode/);
  });

  it('leaves url targets and other kinds to others', async () => {
    const at = { type: 'url', target: 'https://git.example.com/x' };
    const url = locationEntity({ target: './other.yaml' });
    expect(await run(guard(), url, at)).toEqual({ out: url, errors: [] });
    const component = { ...url, kind: 'Component' };
    expect(
      await run(guard(), component, { type: 'file', target: '/tmp/x.yaml' }),
    ).toEqual({ out: component, errors: [] });
  });
});
