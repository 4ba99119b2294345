import { NotAllowedError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import {
  describeResourceType,
  HIDDEN_OBJECT_TYPES,
  neverServedReason,
  type ResourceTypeAllowList,
} from './resourceTypes';
import { parseInput } from '@internal/backend-hardening';

const customQueryBody = z.looseObject({
  customResources: z
    .array(
      z.strictObject({
        group: z.string({ error: 'must be a string' }).max(253),
        apiVersion: z.string({ error: 'must be a string' }).max(63),
        plural: z.string({ error: 'must be a string' }).max(253),
      }),
      { error: 'must be an array of { group, apiVersion, plural }' },
    )
    .min(1, { error: 'must name at least one resource type' })
    .max(20, { error: 'may name at most 20 resource types' }),
  auth: z
    .record(z.string(), z.unknown(), { error: 'must be an object' })
    .optional(),
});

const servicesBody = z.looseObject({
  entity: z.looseObject(
    {
      kind: z.string({ error: 'must be a string' }).min(1),
      metadata: z.looseObject(
        { name: z.string({ error: 'must be a string' }).min(1) },
        { error: 'must be an object' },
      ),
    },
    { error: 'is required: the catalog entity whose objects to list' },
  ),
  auth: z
    .record(z.string(), z.unknown(), { error: 'must be an object' })
    .optional(),
});

/** Drops Secrets and ConfigMaps from an `ObjectsByEntityResponse` before it is sent. */
function withoutHiddenObjectTypes(body: unknown): unknown {
  const items = (body as { items?: unknown })?.items;
  if (!Array.isArray(items)) return body;
  return {
    ...(body as object),
    items: items.map(item =>
      Array.isArray(item?.resources)
        ? {
            ...item,
            resources: item.resources.filter(
              (r: { type?: unknown }) =>
                !HIDDEN_OBJECT_TYPES.has(String(r?.type)),
            ),
          }
        : item,
    ),
  };
}

function hideObjectTypes(
  _req: express.Request,
  res: express.Response,
  next: express.NextFunction,
) {
  const json = res.json.bind(res);
  res.json = (body?: unknown) => json(withoutHiddenObjectTypes(body));
  next();
}

/**
 * Middleware for the Kubernetes backend's own router, mounted before its
 * routes. Every route of @backstage/plugin-kubernetes-backend 0.21 that
 * reads from clusters on a user's request is covered:
 * - `POST /resources/custom/query` takes group/apiVersion/plural from the
 *   body: only types on the allow-list pass, the rest get a 403 naming the
 *   type and the allow-list;
 * - `POST /services/:serviceId` and `POST /resources/workloads/query` take
 *   their types from config: their answers lose Secrets and ConfigMaps, and a
 *   body without an entity gets a 400 (upstream answers it with a 500);
 * - `/proxy` is left to the `kubernetes.proxy` permission (platform admins);
 *   `GET /clusters` reads no objects.
 * The router is Backstage's (express-promise-router with express's
 * defaults), so it matches paths exactly as the routes it guards do: any
 * case, a trailing slash.
 */
export function createResourceTypeGuard(options: {
  allowList: ResourceTypeAllowList;
}): express.Router {
  const { allowList } = options;
  const router = Router();
  const json = express.json();

  router.post('/resources/custom/query', json, async (req, _res, next) => {
    const body = parseInput(customQueryBody, req.body, 'request body');
    for (const type of body.customResources) {
      if (allowList.allows(type)) continue;
      const never = neverServedReason(type);
      throw new NotAllowedError(
        never
          ? `Resource type ${describeResourceType(type)} is refused: ${never}`
          : `Resource type ${describeResourceType(
              type,
            )} is not on the portal's allow-list (${allowList.describe()}); ask the platform team to add it to launchpad.kubernetes.customResourceAllowList`,
      );
    }
    next();
  });

  router.post('/services/:serviceId', json, async (req, res, next) => {
    parseInput(servicesBody, req.body, 'request body');
    hideObjectTypes(req, res, next);
  });

  router.post('/resources/workloads/query', json, hideObjectTypes);

  return router;
}
