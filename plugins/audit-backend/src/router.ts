import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AUDIT_OUTCOMES,
  auditEventsReadPermission,
} from '@internal/plugin-audit-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { normalizeRef } from './auditor/describeEvent';
import { decodeCursor } from './database/cursor';
import type { AuditQuery, AuditStore } from './database/types';
import { parseInput } from '@internal/backend-hardening';

/** The sentence a refused reader sees (the UI shows it as is). */
export const READ_DENIED_MESSAGE =
  'Only platform admins can read the audit trail (permission audit.events.read).';

const filterText = (what: string) =>
  z
    .string({ error: `must be a single ${what}` })
    .min(1, { error: `must not be empty` })
    .max(1024, { error: 'must be at most 1024 characters' })
    .refine(v => !/\p{Cc}/u.test(v), {
      error: 'must not contain control characters',
    });
const time = z
  .string({ error: 'must be a single ISO 8601 time' })
  .refine(
    v =>
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(
        v,
      ),
    {
      error:
        'must be an ISO 8601 time, e.g. 2026-12-01T12:00:00Z or 2026-12-01',
    },
  )
  .transform((v, ctx) => {
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is not a real date' });
      return z.NEVER;
    }
    return date;
  });

const eventsQuery = z
  .strictObject(
    {
      actor: filterText('actor').transform(normalizeRef).optional(),
      action: filterText('action')
        .regex(/^[a-z0-9][a-z0-9-]*\.[a-zA-Z0-9][a-zA-Z0-9_-]*(\.[^.]+)?$/, {
          error:
            'must be <plugin>.<eventId> or <plugin>.<eventId>.<actionType>, e.g. catalog.entity-mutate or catalog.entity-mutate.delete',
        })
        .optional(),
      target: filterText('target').transform(normalizeRef).optional(),
      outcome: z
        .enum(AUDIT_OUTCOMES as [string, ...string[]], {
          error: `must be one of ${AUDIT_OUTCOMES.join(', ')}`,
        })
        .optional(),
      from: time.optional(),
      to: time.optional(),
      limit: z
        .string({ error: 'must be a single number' })
        .regex(/^\d{1,3}$/, { error: 'must be a whole number from 1 to 200' })
        .transform(Number)
        .refine(n => n >= 1 && n <= 200, {
          error: 'must be a whole number from 1 to 200',
        })
        .optional(),
      cursor: z.string({ error: 'must be a single cursor' }).optional(),
    },
    {
      error: issue =>
        issue.code === 'unrecognized_keys'
          ? `unknown filter(s): ${issue.keys.join(
              ', ',
            )}; known: actor, action, target, outcome, from, to, limit, cursor`
          : undefined,
    },
  )
  .refine(q => !q.from || !q.to || q.from < q.to, {
    error: 'from must be before to',
  });

const idParams = z.object({
  id: z.string().regex(/^[1-9]\d{0,14}$/, {
    error: 'must be a row id: a whole number from 1',
  }),
});

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  store: () => Promise<AuditStore>;
}

/** The audit REST API (documented in the plugin's README). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, auditor, store } = options;
  const router = Router();

  /** Reads are audited too: who looked at the trail (denials always stored). */
  async function authorized<T>(
    req: Request,
    eventId: string,
    severityLevel: 'low' | 'medium',
    meta: Record<string, string | number | boolean>,
    work: () => Promise<T>,
  ): Promise<T> {
    const event = await auditor.createEvent({
      eventId,
      severityLevel,
      request: req,
      meta,
    });
    try {
      const credentials = await httpAuth.credentials(req);
      const [decision] = await permissions.authorize(
        [{ permission: auditEventsReadPermission }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(READ_DENIED_MESSAGE);
      }
      const result = await work();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/events', async (req, res) => {
    const q = parseInput(eventsQuery, req.query, 'audit filter');
    const [action, eventId, ...rest] = q.action?.split('.') ?? [];
    const query: AuditQuery = {
      actor: q.actor,
      action: q.action ? `${action}.${eventId}` : undefined,
      actionType: rest.length ? rest.join('.') : undefined,
      target: q.target,
      outcome: q.outcome as AuditQuery['outcome'],
      from: q.from,
      to: q.to,
      limit: q.limit ?? 50,
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
    };
    const filters = Object.fromEntries(
      Object.entries(req.query).filter(([k]) => k !== 'cursor'),
    ) as Record<string, string>;
    const page = await authorized(
      req,
      'events-read',
      'low',
      filters,
      async () => (await store()).query(query),
    );
    res.json(page);
  });

  router.get('/events/:id', async (req, res) => {
    const { id } = parseInput(idParams, req.params, 'audit event id');
    const event = await authorized(
      req,
      'events-read',
      'low',
      { id },
      async () => {
        const found = await (await store()).get(Number(id));
        if (!found) throw new NotFoundError(`No audit event with id ${id}`);
        return found;
      },
    );
    res.json(event);
  });

  router.get('/verify', async (req, res) => {
    parseInput(
      z.strictObject({}),
      req.query,
      'verify request (it takes no parameters)',
    );
    const result = await authorized(req, 'verify', 'medium', {}, async () =>
      (await store()).verify(),
    );
    res.json(result);
  });

  return router;
}
