import type {
  AuthService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { explainDecision } from './explain';
import { toCaller, type PolicyRoles } from './roles';
import { permissionRules, type ExplainResource } from './rules';

const entityRef = z
  .string()
  .max(512)
  .regex(
    /^[A-Za-z][A-Za-z0-9]*:(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be an entity ref such as component:default/payments-service',
  );

const explainBody = z.strictObject({
  permission: z.string().max(200),
  resourceRef: entityRef.optional(),
  user: entityRef.optional(),
});

/** Options for {@link createExplainRouter}. */
export interface ExplainRouterOptions {
  roles: PolicyRoles;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auth: AuthService;
  catalog: CatalogService;
}

/**
 * "Why was I denied?": POST /launchpad/explain on the permission backend.
 * Any signed-in user may ask about themselves; asking about another user
 * (`user`) is for platform admins.
 */
export function createExplainRouter(
  options: ExplainRouterOptions,
): express.Router {
  const { roles, httpAuth, userInfo, auth, catalog } = options;
  const router = Router();
  router.use('/launchpad', express.json({ limit: '16kb' }));

  router.post('/launchpad/explain', async (req, res) => {
    const parsed = explainBody.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new InputError(
        `Invalid explain request: ${parsed.error.issues
          .map(i => `${i.path.join('.') || 'body'} ${i.message}`)
          .join('; ')}`,
      );
    }
    const { permission, resourceRef, user } = parsed.data;
    if (!permissionRules[permission]) {
      throw new InputError(
        `Unknown permission ${JSON.stringify(permission)}; known: ${Object.keys(
          permissionRules,
        ).join(', ')}`,
      );
    }
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const me = await userInfo.getUserInfo(credentials);
    const asker = toCaller(roles, me);
    const service = await auth.getOwnServiceCredentials();

    let subject = asker;
    if (user && user.toLocaleLowerCase('en-US') !== asker.userEntityRef) {
      if (!asker.isAdmin) {
        throw new NotAllowedError(
          'Only platform admins may ask what another user may do; ask about yourself without "user"',
        );
      }
      const entity = await catalog.getEntityByRef(user, {
        credentials: service,
      });
      if (!entity || entity.kind.toLocaleLowerCase('en-US') !== 'user') {
        throw new NotFoundError(`No user ${user} in the catalog`);
      }
      const groups = (entity.relations ?? [])
        .filter(r => r.type === 'memberOf')
        .map(r => r.targetRef);
      const ref = stringifyEntityRef(entity);
      subject = toCaller(roles, {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...groups],
      });
    }

    let resource: ExplainResource | undefined;
    if (resourceRef) {
      const entity = await catalog.getEntityByRef(resourceRef, {
        credentials: service,
      });
      if (!entity)
        throw new NotFoundError(`No entity ${resourceRef} in the catalog`);
      resource = { type: 'catalog-entity', entity };
    }
    res.json(
      explainDecision({
        roles,
        caller: subject,
        permission: { type: 'basic', name: permission, attributes: {} },
        resource,
      }),
    );
  });
  return router;
}
