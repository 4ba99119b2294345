import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LocalFilesConfig } from '../config';
import { FileRefusal, refusalOf } from './fileAccess';
import { FileLocationGuard } from './FileLocationGuard';

const SECRET = 'S3CRET-hunter2-do-not-echo';

describe('FileLocationGuard', () => {
  let dir: string;
  let root: string;
  let outside: string;
  const settings = (
    overrides: Partial<LocalFilesConfig> = {},
  ): LocalFilesConfig => {
    const base: LocalFilesConfig = {
      localMode: true,
      fileRoots: [root],
      readRoots: [root],
      configuredFiles: [],
      configuredLocations: [],
      maxFileBytes: 1024,
      readTimeoutMs: 5_000,
      orgSources: [],
      orgSourcesFromLocations: true,
      ...overrides,
    };
    return { ...base, readRoots: overrides.readRoots ?? base.fileRoots };
  };

  beforeAll(() => {
    dir = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'guard-test-')),
    );
    root = path.join(dir, 'root');
    outside = path.join(dir, 'outside');
    fs.mkdirSync(path.join(root, 'folder'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(
      path.join(outside, 'secret.yaml'),
      `password: ${SECRET}\n`,
    );
    fs.writeFileSync(path.join(root, 'good.yaml'), 'kind: Component\n');
    fs.writeFileSync(path.join(root, 'big.yaml'), `# ${'x'.repeat(2048)}\n`);
    fs.symlinkSync('/etc/passwd', path.join(root, 'passwd.yaml'));
    fs.symlinkSync(
      path.join(outside, 'secret.yaml'),
      path.join(root, 'secret-link.yaml'),
    );
    fs.symlinkSync(outside, path.join(root, 'linked-folder'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.yaml'));
    fs.symlinkSync(
      '../good.yaml',
      path.join(root, 'folder', 'inside-link.yaml'),
    );
    execFileSync('mkfifo', [path.join(root, 'fifo.yaml')]);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // [what, target (relative targets are joined to the root unless absolute), expected refusal]
  const hostile: Array<[string, () => string, FileRefusal]> = [
    [
      'an absolute path outside the roots',
      () => '/etc/passwd',
      'outside-roots',
    ],
    ['/etc/shadow', () => '/etc/shadow', 'outside-roots'],
    ['a device outside the roots', () => '/dev/zero', 'outside-roots'],
    ['/proc of the backend', () => '/proc/self/environ', 'outside-roots'],
    ['a relative path', () => 'root/good.yaml', 'not-absolute'],
    [
      'a ".." walk out of the root',
      () => path.join(root, '..', 'outside', 'secret.yaml'),
      'outside-roots',
    ],
    [
      'a ".." walk written without normalising',
      () => `${root}/folder/../../outside/secret.yaml`,
      'outside-roots',
    ],
    [
      'a root-prefix sibling (root-evil)',
      () => `${root}-evil/x.yaml`,
      'outside-roots',
    ],
    [
      'a symlink to /etc/passwd inside a root',
      () => path.join(root, 'passwd.yaml'),
      'symlink-escape',
    ],
    [
      'a symlink to a secret outside the root',
      () => path.join(root, 'secret-link.yaml'),
      'symlink-escape',
    ],
    [
      'a file under a symlinked folder',
      () => path.join(root, 'linked-folder', 'secret.yaml'),
      'symlink-escape',
    ],
    [
      'a symlink to /dev/zero inside a root',
      () => path.join(root, 'zero.yaml'),
      'symlink-escape',
    ],
    ['a FIFO', () => path.join(root, 'fifo.yaml'), 'not-regular'],
    ['a directory', () => path.join(root, 'folder'), 'not-regular'],
    ['the root itself', () => root, 'not-regular'],
    [
      'a file over the size cap',
      () => path.join(root, 'big.yaml'),
      'too-large',
    ],
    [
      'a file that does not exist',
      () => path.join(root, 'nowhere.yaml'),
      'not-found',
    ],
    [
      'a path through a file',
      () => path.join(root, 'good.yaml', 'x.yaml'),
      'not-found',
    ],
    [
      'a path with a NUL byte',
      () => `${root}/good.yaml\0/etc/passwd`,
      'unreadable',
    ],
    [
      'a path longer than the system allows',
      () => `${root}/${'a'.repeat(5000)}.yaml`,
      'unreadable',
    ],
  ];

  it.each(hostile)(
    'refuses %s at registration, without reading it',
    async (_what, target, reason) => {
      const guard = new FileLocationGuard(settings());
      const error = await guard.checkRegistration(target()).then(
        () => undefined,
        e => e,
      );
      expect(refusalOf(error)).toBe(reason);
      expect(error.name).toBe('InputError');
      expect(error.message).not.toContain(SECRET);
    },
  );

  it.each(hostile)('refuses to read %s', async (_what, target, reason) => {
    const guard = new FileLocationGuard(settings());
    const error = await guard.read(target()).then(
      () => undefined,
      e => e,
    );
    expect(refusalOf(error)).toBe(reason);
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses a device even when its folder is a root: only regular files are read', async () => {
    const guard = new FileLocationGuard(settings({ fileRoots: ['/dev'] }));
    for (const device of ['/dev/zero', '/dev/urandom', '/dev/null']) {
      const error = await guard.read(device).then(
        () => undefined,
        e => e,
      );
      expect([device, refusalOf(error)]).toEqual([device, 'not-regular']);
      expect(error.message).toMatch(/character device/);
    }
  });

  it('says why, in words', async () => {
    const guard = new FileLocationGuard(settings());
    await expect(guard.checkRegistration('/etc/passwd')).rejects.toThrow(
      `File location refused: /etc/passwd is outside the folders file locations may be read from (launchpad.catalog.fileRoots: ${root})`,
    );
    await expect(
      guard.checkRegistration(path.join(root, 'fifo.yaml')),
    ).rejects.toThrow(/is not a regular file \(it is a FIFO/);
    await expect(
      guard.checkRegistration(path.join(root, 'big.yaml')),
    ).rejects.toThrow(/over the 1024-byte limit/);
    await expect(
      guard.checkRegistration(path.join(root, 'passwd.yaml')),
    ).rejects.toThrow(/through a symbolic link/);
    await expect(
      guard.checkRegistration(path.join(root, 'nowhere.yaml')),
    ).rejects.toThrow(`file ${path.join(root, 'nowhere.yaml')} does not exist`);
  });

  it('accepts a missing file when the location is optional, but nothing else', async () => {
    const guard = new FileLocationGuard(settings());
    await expect(
      guard.checkRegistration(path.join(root, 'nowhere.yaml'), 'optional'),
    ).resolves.toBeUndefined();
    await expect(
      guard.checkRegistration('/etc/passwd', 'optional'),
    ).rejects.toThrow(/outside/);
  });

  it('refuses every registration outside local mode, naming no folders', async () => {
    const guard = new FileLocationGuard(settings({ localMode: false }));
    const error = await guard
      .checkRegistration(path.join(root, 'good.yaml'))
      .then(
        () => undefined,
        e => e,
      );
    expect(refusalOf(error)).toBe('off');
    expect(error.message).toMatch(
      /only in local mode \(launchpad\.localMode is false\)/,
    );
    const outsideError = await guard.read('/etc/passwd').then(
      () => undefined,
      e => e,
    );
    expect(outsideError.message).not.toContain(root);
  });

  it('reads regular files inside a root, through links that stay inside', async () => {
    const guard = new FileLocationGuard(settings());
    expect(
      (await guard.read(path.join(root, 'good.yaml'))).data.toString(),
    ).toBe('kind: Component\n');
    const linked = await guard.read(
      path.join(root, 'folder', 'inside-link.yaml'),
    );
    expect(linked.realPath).toBe(path.join(root, 'good.yaml'));
    await expect(
      guard.checkRegistration(path.join(root, 'good.yaml')),
    ).resolves.toBeUndefined();
  });

  it("reads from the configured locations' folders, but registers only from the file roots", async () => {
    fs.writeFileSync(path.join(outside, 'listed.yaml'), 'kind: Component\n');
    const guard = new FileLocationGuard(
      settings({ readRoots: [root, outside] }),
    );
    expect(
      (await guard.read(path.join(outside, 'listed.yaml'))).data.toString(),
    ).toBe('kind: Component\n');
    await expect(
      guard.checkRegistration(path.join(outside, 'listed.yaml')),
    ).rejects.toThrow(/outside the folders/);
  });

  it('reads a configured location outside the roots, and only that file', async () => {
    const guard = new FileLocationGuard(
      settings({ configuredFiles: [path.join(outside, 'secret.yaml')] }),
    );
    expect(
      (await guard.read(path.join(outside, 'secret.yaml'))).data.toString(),
    ).toContain(SECRET);
    fs.writeFileSync(path.join(outside, 'other.yaml'), 'kind: Component\n');
    await expect(guard.read(path.join(outside, 'other.yaml'))).rejects.toThrow(
      /outside the folders/,
    );
  });
});
