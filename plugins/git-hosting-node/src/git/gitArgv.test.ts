import { InputError } from '@backstage/errors';
import { gitArgv, HARDENING_ARGS } from './gitArgv';

describe('gitArgv', () => {
  it('puts every operand and path after --end-of-options (and no `--`, which would be a path there)', () => {
    expect(
      gitArgv({
        subcommand: 'ls-tree',
        flags: ['-r'],
        args: ['abc'],
        paths: ['a/b'],
      }),
    ).toEqual([
      ...HARDENING_ARGS,
      'ls-tree',
      '-r',
      '--end-of-options',
      'abc',
      'a/b',
    ]);
    expect(
      gitArgv({ subcommand: 'archive', args: ['abc'], paths: ['docs'] }).slice(
        -4,
      ),
    ).toEqual(['archive', '--end-of-options', 'abc', 'docs']);
  });

  it('asks rev-parse to --verify when it has arguments (it echoes --end-of-options otherwise)', () => {
    expect(() => gitArgv({ subcommand: 'rev-parse', args: ['HEAD'] })).toThrow(
      /--verify/,
    );
    expect(
      gitArgv({
        subcommand: 'rev-parse',
        flags: ['--verify'],
        args: ['HEAD'],
      }).slice(-2),
    ).toEqual(['--end-of-options', 'HEAD']);
  });

  it('turns off hooks, fsmonitor, other transports and pathspec magic for every call', () => {
    const argv = gitArgv({
      subcommand: 'rev-parse',
      flags: ['--verify'],
      args: ['HEAD'],
    });
    for (const setting of [
      'core.hooksPath=/dev/null',
      'core.fsmonitor=false',
      'protocol.allow=never',
    ]) {
      expect(argv[argv.indexOf(setting) - 1]).toBe('-c');
    }
    expect(argv).toContain('--literal-pathspecs');
  });

  const hostile = [
    '-x',
    '--output=/tmp/pwned',
    '--upload-pack=touch /tmp/pwned',
    '--exec=touch /tmp/pwned',
    '-o/tmp/pwned',
    '--remote=ext::sh',
    'a\0b',
    '',
  ];
  it.each(hostile)(
    'refuses %j as an operand or a path, as an InputError',
    value => {
      for (const command of [
        { subcommand: 'archive' as const, args: [value] },
        { subcommand: 'archive' as const, args: ['abc'], paths: [value] },
        { subcommand: 'cat-file' as const, args: ['blob', value] },
        { subcommand: 'upload-pack' as const, args: [value] },
        { subcommand: 'ls-tree' as const, args: ['abc'], paths: [value] },
      ]) {
        expect(() => gitArgv(command)).toThrow(InputError);
      }
    },
  );

  it.each(['main', 'x/-y', '=y', 'message', 'a b'])(
    'refuses %j where an option belongs (data must not be a flag)',
    flag => {
      expect(() => gitArgv({ subcommand: 'commit', flags: [flag] })).toThrow(
        /is not an option/,
      );
    },
  );
});
