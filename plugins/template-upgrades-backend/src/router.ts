import type {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseInput } from '@internal/backend-hardening';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { TemplateUpgradesService } from './services/TemplateUpgradesService';

const ENTITY_REF =
  /^[a-z][a-z0-9-]{0,62}:[a-z0-9-]{1,63}\/[a-z0-9][a-z0-9._-]{0,62}$/i;

const schemas = {
  fleet: z.object({
    template: z.string().regex(ENTITY_REF, {
      error:
        'must be a template entity ref, e.g. template:default/node-service',
    }),
  }),
  upgrade: z
    .object({
      entityRef: z
        .string()
        .regex(ENTITY_REF, {
          error:
            'must be an entity ref, e.g. component:default/loyalty-service',
        })
        .optional(),
      template: z
        .string()
        .regex(ENTITY_REF, { error: 'must be a template entity ref' })
        .optional(),
      version: z
        .string()
        .regex(/^\d{1,6}\.\d{1,6}\.\d{1,6}$/, {
          error: 'must be a template version x.y.z',
        })
        .optional(),
    })
    .strict()
    .refine(b => Boolean(b.entityRef) !== Boolean(b.template), {
      error:
        'give either entityRef (one service) or template (all of its services)',
    }),
};

/** Options of {@link createRouter}. */
export interface RouterOptions {
  service: TemplateUpgradesService;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
}

/**
 * - GET  /templates                  versioned golden paths: services and how many are behind
 * - GET  /fleet?template=<ref>       a template's services, their version, how far behind, their proposal
 * - POST /upgrades {entityRef} | {template} [version]  opens upgrade proposals (audited)
 */
export async function createRouter(options: RouterOptions) {
  const { service, httpAuth, userInfo, auditor } = options;
  const router = Router();

  async function caller(req: Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      claims: info.ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
    };
  }

  router.get('/templates', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.listTemplates(credentials));
  });

  router.get('/fleet', async (req, res) => {
    const { template } = parseInput(schemas.fleet, req.query, 'query');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.fleet(template, credentials));
  });

  router.post(
    '/upgrades',
    express.json({ limit: '16kb' }),
    async (req, res) => {
      const body = parseInput(schemas.upgrade, req.body, 'request body');
      const who = await caller(req);
      const event = await auditor.createEvent({
        eventId: 'template-upgrade',
        severityLevel: 'medium',
        request: req,
        meta: { ...body },
      });
      try {
        const result = await service.upgrade(body, who);
        await event.success({
          meta: {
            proposed: result.results
              .filter(r => r.status === 'proposed')
              .map(r => r.entityRef),
            failed: result.results
              .filter(r => r.status === 'failed')
              .map(r => r.entityRef),
          },
        });
        res.status(201).json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  return router;
}
