import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { parseInput } from '@internal/backend-hardening';
import express, { type Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ChangeProposalService } from './ChangeProposalService';

const NAME = /^[a-z0-9](?:[a-z0-9._-]{0,98}[a-z0-9])?$/;
/** Text on one line: no control characters at all. */
const LINE = /^\P{Cc}*$/u;
/** Text over lines: no control characters but newline and tab. */
const TEXT = /^(?:\P{Cc}|[\t\n])*$/u;

const schemas = {
  repo: z.object({
    org: z.string().regex(NAME, {
      error:
        'must be a repository organisation (lowercase letters, digits, . _ -)',
    }),
    name: z.string().regex(NAME, {
      error: 'must be a repository name (lowercase letters, digits, . _ -)',
    }),
  }),
  id: z.object({
    id: z.uuid({ error: 'must be a change proposal id (a UUID)' }),
  }),
  listQuery: z.strictObject({
    status: z.enum(['open', 'merged', 'closed']).optional(),
  }),
  create: z.strictObject({
    slug: z.string().max(63, { error: 'must be at most 63 characters' }),
    title: z
      .string()
      .min(1)
      .max(200)
      .regex(LINE, { error: 'must be one line without control characters' }),
    description: z
      .string()
      .max(20_000)
      .regex(TEXT, { error: 'may not hold control characters' })
      .default(''),
    files: z
      .record(
        z.string().min(1).max(4096),
        z.string().max(1024 * 1024, { error: 'a file may be at most 1 MiB' }),
      )
      .refine(files => Object.keys(files).length > 0, {
        error: 'must name at least one file',
      })
      .refine(files => Object.keys(files).length <= 200, {
        error: 'may name at most 200 files',
      }),
    base: z
      .string()
      .regex(/^[0-9a-f]{40}$/, {
        error: 'must be a full commit id (40 lowercase hex digits)',
      })
      .optional(),
    createdByTask: z
      .string()
      .regex(/^[A-Za-z0-9._:-]{1,200}$/, { error: 'must be a task id' })
      .optional(),
  }),
};

/** Options for {@link createChangesRouter}. */
export interface ChangesRouterOptions {
  service: ChangeProposalService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
}

/**
 * Change proposals over HTTP (reads follow the git host's read access;
 * writes need a signed-in user, are decided by the service and audited):
 * - GET  /repos/:org/:name/changes[?status=open|merged|closed]
 * - POST /repos/:org/:name/changes  { slug, title, description?, files, base?, createdByTask? }
 * - GET  /changes/:id               the proposal, its diff, canMerge/canClose for the caller
 * - POST /changes/:id/merge, /changes/:id/close
 */
export function createChangesRouter(options: ChangesRouterOptions) {
  const { service, httpAuth, auditor } = options;
  const router = Router();

  async function audited<T>(
    req: Request,
    eventId: string,
    meta: JsonObject,
    fn: () => Promise<T>,
  ) {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const result = await fn();
      await event.success({
        meta:
          result && typeof result === 'object' && 'id' in result
            ? { id: (result as { id: string }).id }
            : {},
      });
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/repos/:org/:name/changes', async (req, res) => {
    const repo = parseInput(schemas.repo, req.params, 'repository');
    const { status } = parseInput(schemas.listQuery, req.query, 'query');
    res.json({ items: await service.list(repo, status) });
  });

  router.post(
    '/repos/:org/:name/changes',
    express.json({ limit: '8mb' }),
    async (req, res) => {
      const repo = parseInput(schemas.repo, req.params, 'repository');
      const body = parseInput(schemas.create, req.body, 'request body');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const proposal = await audited(
        req,
        'git-change-create',
        {
          repository: `${repo.org}/${repo.name}`,
          slug: body.slug,
          files: Object.keys(body.files).slice(0, 50),
          ...(body.createdByTask ? { createdByTask: body.createdByTask } : {}),
        },
        () =>
          service.create(
            { ...body, org: repo.org, repo: repo.name },
            credentials,
          ),
      );
      res.status(201).json(proposal);
    },
  );

  router.get('/changes/:id', async (req, res) => {
    const { id } = parseInput(schemas.id, req.params, 'path');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    res.json(await service.get(id, credentials));
  });

  for (const action of ['merge', 'close'] as const) {
    router.post(`/changes/:id/${action}`, async (req, res) => {
      const { id } = parseInput(schemas.id, req.params, 'path');
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      res.json(
        await audited(req, `git-change-${action}`, { id }, () =>
          service[action](id, credentials),
        ),
      );
    });
  }

  return router;
}
