import { InputError } from '@backstage/errors';
import { z } from 'zod';
import type { InsightEvent } from '../domain/types';

const isoTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 time',
});
const sha = z
  .string()
  .regex(/^[0-9a-f]{7,64}$/i, { error: 'must be a commit sha' });
const repository = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, { error: 'must be a repository name' }),
  full_name: z.string().max(250),
  owner: z.object({ login: z.string().max(100) }).optional(),
});
const conclusion = z
  .enum([
    'success',
    'failure',
    'neutral',
    'cancelled',
    'skipped',
    'timed_out',
    'action_required',
    'stale',
    'startup_failure',
  ])
  .nullable();

const workflowRunPayload = z.object({
  action: z.string().max(50),
  workflow_run: z.object({
    id: z.number().int(),
    name: z.string().max(250).nullable().optional(),
    head_branch: z.string().max(250).nullable().optional(),
    head_sha: sha,
    event: z.string().max(50).optional(),
    status: z.string().max(50).nullable().optional(),
    conclusion,
    run_started_at: isoTime.nullable().optional(),
    created_at: isoTime,
    updated_at: isoTime,
    head_commit: z.object({ timestamp: isoTime }).nullable().optional(),
  }),
  repository,
});

const checkSuitePayload = z.object({
  action: z.string().max(50),
  check_suite: z.object({
    id: z.number().int(),
    head_branch: z.string().max(250).nullable().optional(),
    head_sha: sha,
    status: z.string().max(50).nullable().optional(),
    conclusion,
    created_at: isoTime.optional(),
    updated_at: isoTime,
    head_commit: z.object({ timestamp: isoTime }).nullable().optional(),
  }),
  repository,
});

/** What a delivery means for the insights. */
export type GithubDelivery =
  | { kind: 'event'; event: InsightEvent }
  | { kind: 'ignored'; reason: string };

function issues(error: z.ZodError) {
  return error.issues
    .slice(0, 5)
    .map(i => `${i.path.join('.') || 'payload'} ${i.message}`)
    .join('; ');
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError('The payload is not JSON');
  }
}

/**
 * Turns a verified GitHub delivery into a CI event: a completed
 * `workflow_run` or `check_suite` becomes one `ci` event keyed by the
 * delivery id; other actions and event types are acknowledged and ignored.
 * A payload that is not JSON or lacks the fields the event type needs is an
 * InputError naming what is wrong.
 */
export function parseGithubEvent(
  eventName: string,
  deliveryId: string,
  body: Buffer,
): GithubDelivery {
  if (eventName === 'ping') return { kind: 'ignored', reason: 'ping' };
  if (eventName !== 'workflow_run' && eventName !== 'check_suite') {
    return { kind: 'ignored', reason: `event ${eventName} is not used` };
  }
  const json = parseJson(body);
  const parsed =
    eventName === 'workflow_run'
      ? workflowRunPayload.safeParse(json)
      : checkSuitePayload.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `The ${eventName} payload is malformed: ${issues(parsed.error)}`,
    );
  }
  const payload = parsed.data;
  const run =
    'workflow_run' in payload ? payload.workflow_run : payload.check_suite;
  if (payload.action !== 'completed') {
    return { kind: 'ignored', reason: `action ${payload.action} is not used` };
  }
  if (!run.conclusion) {
    throw new InputError(
      `The ${eventName} payload is malformed: a completed run needs a conclusion`,
    );
  }
  const endedAt = Date.parse(run.updated_at);
  const started: string =
    (run as { run_started_at?: string | null }).run_started_at ??
    run.created_at ??
    run.updated_at;
  const startedAt = Date.parse(started);
  const commitAt = run.head_commit?.timestamp
    ? Date.parse(run.head_commit.timestamp)
    : undefined;
  return {
    kind: 'event',
    event: {
      key: `github:${deliveryId}`,
      type: 'ci',
      service: payload.repository.name.toLowerCase(),
      outcome: run.conclusion,
      occurredAt: endedAt,
      durationMs: Math.max(0, endedAt - startedAt),
      revision: run.head_sha.toLowerCase(),
      ...(commitAt !== undefined ? { commitAt } : {}),
      detail: {
        source: eventName,
        repository: payload.repository.full_name,
        branch: run.head_branch ?? undefined,
        runId: run.id,
        ...('name' in run && run.name ? { workflow: run.name } : {}),
      },
    },
  };
}
