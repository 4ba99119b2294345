import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { KubernetesEnvironmentsService } from './services/EnvironmentView/createEnvironmentsService';
import { parseInput } from '@internal/backend-hardening';

const kind = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, {
  error: 'must be an entity kind, e.g. component',
});
const name = z
  .string()
  .max(253)
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9._-]*[a-zA-Z0-9])?$/, {
    error: 'must be an entity name or namespace',
  });
/** A Kubernetes object name (DNS subdomain) or namespace (DNS label). */
const kubeName = z
  .string()
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
    error: 'must be a Kubernetes name (lowercase letters, digits, - and .)',
  });

const schemas = {
  entity: z.object({ kind, namespace: name, name }),
  logsQuery: z.strictObject({
    cluster: z.string().min(1).max(253),
    namespace: kubeName,
    pod: kubeName,
    container: kubeName.optional(),
    tailLines: z.coerce
      .number({ error: 'must be a whole number from 1 to 5000' })
      .int({ error: 'must be a whole number from 1 to 5000' })
      .min(1, { error: 'must be a whole number from 1 to 5000' })
      .max(5000, { error: 'must be a whole number from 1 to 5000' })
      .optional(),
    previous: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .transform(v => v === 'true'),
  }),
};

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: KubernetesEnvironmentsService;
  /** Lines of log returned when the request names no number. */
  defaultTailLines: number;
}

/** The plugin's REST API (see the README). */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, service, defaultTailLines } = options;
  const router = Router();

  router.get('/clusters', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: service.clusters() });
  });

  router.get('/entities/:kind/:namespace/:name', async (req, res) => {
    const entity = parseInput(schemas.entity, req.params, 'entity');
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await service.view(stringifyEntityRef(entity), credentials));
  });

  router.get('/entities/:kind/:namespace/:name/logs', async (req, res) => {
    const entity = parseInput(schemas.entity, req.params, 'entity');
    const query = parseInput(schemas.logsQuery, req.query, 'query');
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = stringifyEntityRef(entity);
    // Every log read is audited, allowed or refused.
    const event = await auditor.createEvent({
      eventId: 'pod-logs-read',
      severityLevel: 'medium',
      request: req,
      meta: {
        entityRef,
        cluster: query.cluster,
        namespace: query.namespace,
        pod: query.pod,
        container: query.container,
      },
    });
    try {
      const logs = await service.logs(
        entityRef,
        { ...query, tailLines: query.tailLines ?? defaultTailLines },
        credentials,
      );
      await event.success();
      res.json(logs);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
