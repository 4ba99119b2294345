import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * fetch:template's per-file and workspace lines: one task event each (a
 * database row and a line in the developer's task log) for every file of the
 * skeleton, and the last one names the server's working folder.
 */
const PER_FILE = [
  /^Fetching template content from remote URL$/,
  /^Listing files and directories in template$/,
  /^Processing \d+ template files\/directories with input values$/,
  /^Writing (file|directory) /,
  /^Copying file/,
  /^Template result written to /,
];

/**
 * The logger golden paths hand to fetch:template: its per-file lines are
 * counted, not logged (a service skeleton is ~100 files: ~100 task events,
 * written to the scaffolder's database while every other task waits for a
 * connection, for a log nobody reads), and {@link summary} gives one line
 * instead. Everything else (warnings, errors, other info) passes through.
 */
export function fetchTemplateLogger(logger: LoggerService): LoggerService & {
  /** "<n> files rendered" since the logger was made. */
  summary(): string;
} {
  let files = 0;
  const quiet = (inner: LoggerService): LoggerService => ({
    error: (message, meta) => inner.error(message, meta),
    warn: (message, meta) => inner.warn(message, meta),
    debug: (message, meta) => inner.debug(message, meta),
    info(message, meta) {
      if (PER_FILE.some(re => re.test(message))) {
        if (/^(Writing file|Copying file)/.test(message)) files++;
        return;
      }
      inner.info(message, meta);
    },
    child: meta => quiet(inner.child(meta)),
  });
  return {
    ...quiet(logger),
    summary: () => `${files} file${files === 1 ? '' : 's'} rendered`,
  };
}
