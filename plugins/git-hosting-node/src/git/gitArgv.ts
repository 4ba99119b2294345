import { InputError } from '@backstage/errors';

/** The git subcommands the git host runs; nothing else can be spawned. */
export type GitSubcommand =
  | 'add'
  | 'archive'
  | 'cat-file'
  | 'commit'
  | 'commit-tree'
  | 'diff'
  | 'init'
  | 'ls-tree'
  | 'merge-base'
  | 'merge-file'
  | 'merge-tree'
  | 'push'
  | 'read-tree'
  | 'rev-parse'
  | 'update-ref'
  | 'upload-pack';

/**
 * One git invocation, split by who wrote each part. Only `flags` are parsed
 * as options, and only constants (with values we validated, such as a repo
 * name) go there; everything that comes from a request or a repository goes
 * in `args` or `paths`, after `--end-of-options`.
 */
export interface GitCommand {
  subcommand: GitSubcommand;
  /** Options, each one argv element (`--prefix=x/`, never `-m` then a value). */
  flags?: string[];
  /** Revisions, objects, directories, remotes: placed after `--end-of-options`. */
  args?: string[];
  /**
   * Pathspecs (literal: pathspec magic is off), after the args. No `--`:
   * every subcommand here parses its options with parse-options, which
   * treats everything after `--end-of-options` as operands and would take a
   * `--` there for a path.
   */
  paths?: string[];
}

/**
 * Config for every git call, on the command line so it wins over any
 * repository's own config: no hooks, no fsmonitor (both run programs), and
 * no transport but local paths (no ext::, no fetching from the network).
 */
export const HARDENING_ARGS: readonly string[] = [
  '-c',
  'core.hooksPath=/dev/null',
  '-c',
  'core.fsmonitor=false',
  '-c',
  'protocol.allow=never',
  '-c',
  'protocol.file.allow=always',
  // `:(glob)` and friends in a user path are just characters
  '--literal-pathspecs',
  '--no-replace-objects',
];

const FLAG = /^--?[a-zA-Z]/;

/**
 * The one place that builds git's argv. Besides placing user data after the
 * end of options, it refuses (as a backstop to the callers' own checks) any
 * operand that starts with `-` or holds a NUL: git must never see one.
 */
export function gitArgv(command: GitCommand): string[] {
  const flags = command.flags ?? [];
  for (const flag of flags) {
    if (!FLAG.test(flag) || flag.includes('\0')) {
      throw new Error(
        `git ${command.subcommand}: ${JSON.stringify(
          flag,
        )} is not an option; pass data as args or paths`,
      );
    }
  }
  const args = command.args ?? [];
  const paths = command.paths ?? [];
  for (const operand of [...args, ...paths])
    assertOperand(command.subcommand, operand);
  // rev-parse honours --end-of-options only with --verify (otherwise it prints it back)
  if (
    command.subcommand === 'rev-parse' &&
    args.length &&
    !flags.includes('--verify')
  ) {
    throw new Error('git rev-parse with arguments must use --verify');
  }
  const argv = [...HARDENING_ARGS, command.subcommand, ...flags];
  if (args.length || paths.length)
    argv.push('--end-of-options', ...args, ...paths);
  return argv;
}

function assertOperand(subcommand: string, operand: unknown): void {
  if (typeof operand !== 'string' || operand.length === 0) {
    throw new InputError(`git ${subcommand}: an empty value is not allowed`);
  }
  if (operand.startsWith('-')) {
    throw new InputError(
      `git ${subcommand}: ${JSON.stringify(
        operand.slice(0, 80),
      )} starts with '-'; values may not look like options`,
    );
  }
  if (operand.includes('\0')) {
    throw new InputError(
      `git ${subcommand}: a value may not contain a NUL character`,
    );
  }
}
