import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';

/** What a failed golden-path step tells its user: one line each. */
export interface ShapedFailure {
  /** Why it failed, in the user's terms; no stack frames, no server paths. */
  reason: string;
  /** What the user can do about it. */
  whatToDo: string;
}

/** The longest reason shown; the rest stays in the server log. */
export const MAX_REASON_LENGTH = 300;

const SERVER_PATH = '<server path>';

/**
 * Removes what only the server should see from an error text: terminal
 * escapes and control characters, file URLs and absolute paths (the
 * workspace, the git host's storage, node_modules), while keeping http(s)
 * URLs and repository names such as checkout/payments-service.
 */
export function redactServerDetails(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/\p{Cc}+/gu, ' ')
      .replace(/\bfile:\/\/\S+/gi, SERVER_PATH)
      // Windows drive paths
      .replace(/\b[A-Za-z]:\\[^\s'"`]+/g, SERVER_PATH)
      // POSIX absolute paths: a slash not inside a URL, a word or another path
      .replace(
        /(?<![\w.~:/@-])\/(?:[^\s/'"`()<>,;:]+\/)*[^\s/'"`()<>,;:]*/g,
        m => (m === '/' ? m : SERVER_PATH),
      )
      .replace(/(?:<server path>[\s:]*){2,}/g, `${SERVER_PATH} `)
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** The message without any stack frames, as one line. */
function firstLines(message: string): string {
  const lines: string[] = [];
  for (const line of message.split(/\r?\n/)) {
    if (/^\s*at\s+\S/.test(line)) break; // a stack frame: the rest is internals
    if (line.trim()) lines.push(line.trim());
  }
  return lines.join(' ');
}

function truncate(text: string): string {
  if (text.length <= MAX_REASON_LENGTH) return text;
  return `${text.slice(0, MAX_REASON_LENGTH - 1).trimEnd()}…`;
}

function ensureSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

const RETRY_OR_ASK = (taskId?: string) =>
  `Run the golden path again; if it fails the same way, ask the platform team${
    taskId ? ` and quote task ${taskId}` : ''
  }.`;

/** Errors of our own actions and of Backstage: their message is meant for the user. */
const WHAT_TO_DO: Record<string, string> = {
  InputError:
    'Correct that value in the form (or the file it names) and create it again.',
  ConflictError:
    'Choose another name in the form, or ask the owners of what is already there; then create it again.',
  NotAllowedError:
    'Create it for one of your own teams, or ask a platform admin if you should be allowed.',
  NotFoundError:
    'Check that what it names exists (in the catalog or on the git host), then create it again.',
  AuthenticationError: 'Sign in again, then create it again.',
  ServiceUnavailableError:
    'A service the portal needs is down; wait a few minutes and run the golden path again.',
};

/** Programming errors: their message describes the portal's code, not the user's request. */
const INTERNAL = new Set([
  'TypeError',
  'ReferenceError',
  'RangeError',
  'SyntaxError',
  'EvalError',
  'URIError',
  'AggregateError',
]);

/**
 * Turns anything a golden-path step threw into a reason and what to do.
 * Known errors (InputError, ConflictError, ...) keep their message, as one
 * line without server paths; a git or other command failure shows its first
 * lines the same way; a programming error or a thrown non-error says only
 * that the portal failed (the server log keeps the details).
 */
export function shapeTaskFailure(
  error: unknown,
  context: { taskId?: string; stepName?: string } = {},
): ShapedFailure {
  const step = context.stepName ? ` in "${context.stepName}"` : '';
  const unexpected = {
    reason: `The portal hit an unexpected error${step}; your input was not the problem.`,
    whatToDo: RETRY_OR_ASK(context.taskId),
  };
  if (!(error instanceof Error) && !(typeof error === 'object' && error)) {
    return unexpected;
  }
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (typeof message !== 'string' || INTERNAL.has(String(name))) {
    return unexpected;
  }
  const text = truncate(redactServerDetails(firstLines(message)));
  // nothing left to read once the server's details are gone
  if (!/\p{L}{3}/u.test(text.split(SERVER_PATH).join(' '))) return unexpected;
  return {
    reason: ensureSentence(text),
    whatToDo: WHAT_TO_DO[String(name)] ?? RETRY_OR_ASK(context.taskId),
  };
}

/** The one line a failed step shows in the task's log and result. */
export function formatShapedFailure(failure: ShapedFailure): string {
  return `${failure.reason} What to do: ${failure.whatToDo}`;
}

/**
 * The error a shaped step throws: its stack is its message, since
 * Backstage's task runner writes a failed step's `error.stack` to the task
 * log the user reads. Its name stays the original's (ConflictError, ...).
 */
export class ShapedTaskError extends Error {
  constructor(readonly failure: ShapedFailure, name: string) {
    super(formatShapedFailure(failure));
    this.name = name;
    this.stack = this.message;
  }
}

function nameOf(error: unknown): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name in WHAT_TO_DO ? name : 'Error';
}

/**
 * An action whose failures the user can read: the original error, stack
 * and all, goes to the server log (with the task and step), the task gets a
 * {@link ShapedTaskError}.
 */
export function withShapedFailures<T extends TemplateAction<any, any, any>>(
  action: T,
  logger: LoggerService,
): T {
  return {
    ...action,
    async handler(ctx: Parameters<T['handler']>[0]) {
      try {
        await action.handler(ctx);
      } catch (error) {
        const taskId = ctx.task?.id;
        const stepName = ctx.step?.name ?? ctx.step?.id;
        logger.error(
          `Golden path task ${taskId ?? '(dry run)'} failed in ${action.id}${
            stepName ? ` (step "${stepName}")` : ''
          }`,
          error instanceof Error ? error : new Error(String(error)),
        );
        throw new ShapedTaskError(
          shapeTaskFailure(error, { taskId, stepName }),
          nameOf(error),
        );
      }
    },
  } as T;
}
