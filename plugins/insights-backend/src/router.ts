import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { parseInput } from '@internal/backend-hardening';
import { sendDenial } from '@internal/plugin-permission-backend-module-launchpad-policy';
import { AuthenticationError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { InsightsAccess } from './services/InsightsAccess';
import type { InsightsService } from './services/createInsightsService';
import {
  createWebhookRouter,
  type WebhookRouterOptions,
} from './webhooks/createWebhookRouter';

const entityRef = (kind: string) =>
  z
    .string()
    .max(300)
    .regex(
      new RegExp(`^${kind}:[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*$`, 'i'),
      {
        error: `must be a ${kind} entity ref, e.g. ${kind}:default/name`,
      },
    )
    .transform(v => v.toLocaleLowerCase('en-US'));

const reportQuery = z.strictObject({
  days: z.coerce
    .number({ error: 'must be a whole number from 1 to 730' })
    .int({ error: 'must be a whole number from 1 to 730' })
    .min(1, { error: 'must be a whole number from 1 to 730' })
    .max(730, { error: 'must be a whole number from 1 to 730' })
    .default(90),
  team: entityRef('group').optional(),
  template: entityRef('template').optional(),
});

/** Options for {@link createRouter}. */
export interface RouterOptions extends WebhookRouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  access: InsightsAccess;
  insights: InsightsService;
}

/** The insights REST API (documented in the plugin's README). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, access, insights } = options;
  const router = Router();
  router.use(createWebhookRouter(options));

  router.get('/report', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    if (credentials.principal.type === 'none') {
      throw new AuthenticationError('Sign in to read platform insights');
    }
    const decision = await access.decide(credentials);
    if (decision.result !== 'ALLOW') {
      await sendDenial({ req, res, auditor, decision, target: 'insights' });
      return;
    }
    const query = parseInput(reportQuery, req.query, 'query');
    res.json(await insights.report(query));
  });

  return router;
}
