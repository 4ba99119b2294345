import type {
  BackstageCredentials,
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  type DefinitionLoadError,
  scorecardsEvaluatePermission,
  scorecardsRejectedDefinitionsReadPermission,
} from '@internal/plugin-scorecards-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { ScorecardEvaluator } from './services/Evaluator/types';
import { OWNERSHIP_PROBLEMS } from './services/Reports/orphansReport';
import type { ScorecardReports } from './services/Reports/types';
import { parseInput } from '@internal/backend-hardening';

/** Kinds /orphans looks at unless told otherwise: those that have owners. */
export const OWNED_KINDS = ['Component', 'API', 'Resource', 'System', 'Domain'];

const kind = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, {
  error: 'must be an entity kind, e.g. component',
});
const name = z
  .string()
  .max(253)
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/, {
    error: 'must be an entity name or namespace',
  });
const scorecardId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'must be a scorecard id' });
const days = z.coerce
  .number({ error: 'must be a whole number from 1 to 365' })
  .int({ error: 'must be a whole number from 1 to 365' })
  .min(1, { error: 'must be a whole number from 1 to 365' })
  .max(365, { error: 'must be a whole number from 1 to 365' })
  .default(90);

const schemas = {
  entityParams: z.object({ kind, namespace: name, name }),
  teamParams: z.object({ namespace: name, name }),
  historyQuery: z.strictObject({
    scorecard: scorecardId.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
  teamQuery: z.strictObject({
    days,
    trend: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform(v => v === 'true'),
  }),
  daysQuery: z.strictObject({ days }),
  initiativeParams: z.object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
      error: 'must be an initiative id',
    }),
  }),
  orphansQuery: z.strictObject({
    kind: z
      .string()
      .optional()
      .transform(v => (v ? v.split(',').map(k => k.trim()) : OWNED_KINDS))
      .pipe(z.array(kind).min(1)),
    problem: z
      .string()
      .optional()
      .transform(v => (v ? v.split(',').map(p => p.trim()) : undefined))
      .pipe(
        z
          .array(
            z.enum(OWNERSHIP_PROBLEMS, {
              error: `must be one of ${OWNERSHIP_PROBLEMS.join(', ')}`,
            }),
          )
          .min(1)
          .optional(),
      ),
  }),
  evaluateBody: z.strictObject({
    entityRefs: z.array(z.string().min(1)).min(1).max(1000).optional(),
  }),
};

function entityRefOf(params: {
  kind: string;
  namespace: string;
  name: string;
}) {
  return stringifyEntityRef(params).toLocaleLowerCase('en-US');
}

export interface RouterOptions {
  httpAuth: HttpAuthService;
  /** Evaluations are audited: who ran them, on what, and the outcome. */
  auditor: AuditorService;
  permissions: PermissionsService;
  reports: ScorecardReports;
  evaluator: ScorecardEvaluator;
}

/** The scorecards REST API (documented in the plugin's README). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, permissions, reports, evaluator } = options;
  const router = Router();
  router.use(express.json());

  async function allowed(
    permission:
      | typeof scorecardsEvaluatePermission
      | typeof scorecardsRejectedDefinitionsReadPermission,
    credentials: BackstageCredentials,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Rejected files and their errors (which quote the files) for those who
   * may read them (platform admins); everyone else learns how many there are.
   */
  async function withRejected<T extends { errors: DefinitionLoadError[] }>(
    report: T,
    credentials: BackstageCredentials,
  ): Promise<T | (T & { rejectedCount: number })> {
    if (
      report.errors.length === 0 ||
      (await allowed(scorecardsRejectedDefinitionsReadPermission, credentials))
    ) {
      return report;
    }
    return { ...report, errors: [], rejectedCount: report.errors.length };
  }

  router.get('/definitions', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await withRejected(reports.definitions(), credentials));
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const params = parseInput(schemas.entityParams, req.params, 'entity');
    res.json(await reports.entity(entityRefOf(params)));
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const params = parseInput(schemas.entityParams, req.params, 'entity');
    const query = parseInput(schemas.historyQuery, req.query, 'query');
    res.json(
      await reports.entityHistory(entityRefOf(params), {
        scorecardId: query.scorecard,
        limit: query.limit,
      }),
    );
  });

  router.get('/teams', async (req, res) => {
    parseInput(z.strictObject({}), req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json(await reports.teams({ credentials }));
  });

  router.get('/teams/:namespace/:name', async (req, res) => {
    const params = parseInput(schemas.teamParams, req.params, 'team');
    const query = parseInput(schemas.teamQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const teamRef = entityRefOf({ kind: 'group', ...params });
    res.json(await reports.team(teamRef, { ...query, credentials }));
  });

  router.get('/teams/:namespace/:name/trend', async (req, res) => {
    const params = parseInput(schemas.teamParams, req.params, 'team');
    const query = parseInput(schemas.daysQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const teamRef = entityRefOf({ kind: 'group', ...params });
    res.json(await reports.teamTrend(teamRef, { ...query, credentials }));
  });

  router.get('/teams/:namespace/:name/initiatives', async (req, res) => {
    const params = parseInput(schemas.teamParams, req.params, 'team');
    const query = parseInput(schemas.daysQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    const teamRef = entityRefOf({ kind: 'group', ...params });
    res.json(
      await withRejected(
        await reports.initiatives({ teamRef, ...query, credentials }),
        credentials,
      ),
    );
  });

  router.get('/initiatives', async (req, res) => {
    const query = parseInput(schemas.daysQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json(
      await withRejected(
        await reports.initiatives({ ...query, credentials }),
        credentials,
      ),
    );
  });

  router.get('/initiatives/:id', async (req, res) => {
    const params = parseInput(
      schemas.initiativeParams,
      req.params,
      'initiative',
    );
    const query = parseInput(schemas.daysQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json(await reports.initiative(params.id, { ...query, credentials }));
  });

  router.get('/orphans', async (req, res) => {
    const query = parseInput(schemas.orphansQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req);
    res.json(
      await reports.orphans({
        kinds: query.kind,
        problems: query.problem,
        credentials,
      }),
    );
  });

  router.post('/evaluate', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const event = await auditor.createEvent({
      eventId: 'scorecards-evaluate',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRefs: Array.isArray(req.body?.entityRefs)
          ? req.body.entityRefs.slice(0, 100)
          : 'all',
      },
    });
    try {
      if (!(await allowed(scorecardsEvaluatePermission, credentials))) {
        throw new NotAllowedError(
          'Only platform admins may re-run scorecard evaluations; ask the platform team',
        );
      }
      const body = parseInput(schemas.evaluateBody, req.body, 'request body');
      const entityRefs = body.entityRefs?.map(ref => {
        try {
          return stringifyEntityRef(parseEntityRef(ref));
        } catch (e) {
          throw new InputError(
            `Invalid request body: entityRefs: ${(e as Error).message}`,
          );
        }
      });
      const result = await evaluator.evaluate({ entityRefs });
      await event.success();
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
