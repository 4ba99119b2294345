import { InputError } from '@backstage/errors';
import { z } from 'zod';
import type { InsightEvent } from '../domain/types';

const id = z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, {
  error: 'must be a lowercase name (letters, digits, dots, dashes)',
});

/**
 * The body of the portal's Argo CD notifications webhook template (see the
 * plugin's README): which trigger fired for which application.
 */
const notification = z.strictObject({
  trigger: z.enum(
    [
      'on-deployed',
      'on-sync-failed',
      'on-health-degraded',
      'on-health-restored',
    ],
    {
      error:
        'must be on-deployed, on-sync-failed, on-health-degraded or on-health-restored',
    },
  ),
  app: id,
  service: id,
  environment: id,
  revision: z
    .string()
    .regex(/^[0-9a-f]{7,64}$/i, { error: 'must be a commit sha' })
    .optional(),
  at: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time' }),
});

const MEANING = {
  'on-deployed': { type: 'deployment', outcome: 'healthy' },
  'on-sync-failed': { type: 'deployment', outcome: 'failed' },
  'on-health-degraded': { type: 'incident', outcome: 'degraded' },
  'on-health-restored': { type: 'incident', outcome: 'restored' },
} as const;

/** Turns an Argo CD notification into a deployment or incident event; InputError naming what is wrong otherwise. */
export function parseArgoCdNotification(body: Buffer): InsightEvent {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InputError('The payload is not JSON');
  }
  const parsed = notification.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      `The Argo CD notification is malformed: ${parsed.error.issues
        .slice(0, 5)
        .map(i => `${i.path.join('.') || 'payload'} ${i.message}`)
        .join('; ')}`,
    );
  }
  const n = parsed.data;
  const occurredAt = Date.parse(n.at);
  return {
    key: `argocd:${n.app}:${n.trigger}:${n.revision ?? ''}:${occurredAt}`,
    ...MEANING[n.trigger],
    service: n.service,
    environment: n.environment,
    occurredAt,
    ...(n.revision ? { revision: n.revision.toLowerCase() } : {}),
    detail: { source: 'argocd', app: n.app },
  };
}
