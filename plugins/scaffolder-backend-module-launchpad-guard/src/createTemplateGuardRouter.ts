import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  allowedGroupsOf,
  requireRule,
  sendDenial,
  ownersOf,
  toCaller,
  type PolicyRoles,
} from '@internal/plugin-permission-backend-module-launchpad-policy';
import express, {
  type Request,
  type Response,
  type NextFunction,
} from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';

/** Options for {@link createTemplateGuardRouter}. */
export interface TemplateGuardRouterOptions {
  roles: PolicyRoles;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auth: AuthService;
  catalog: CatalogService;
  auditor: AuditorService;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** The template a request names: `template:ns/name` in a body, or the route's :namespace/:name. */
function templateRefOf(req: Request): string | undefined {
  const fromBody = (req.body as { templateRef?: unknown } | undefined)
    ?.templateRef;
  if (typeof fromBody === 'string') return fromBody;
  const m =
    /^\/v2\/templates\/([^/]+)\/template\/([^/]+)\/parameter-schema$/.exec(
      req.path,
    );
  if (m && NAME.test(m[1]) && NAME.test(m[2]))
    return `template:${m[1]}/${m[2]}`;
  return undefined;
}

/**
 * Runs in front of the scaffolder's routes: opening a template's form,
 * creating a task and a dry-run of a template kept to some groups
 * (`spec.allowedGroups`) are for those groups and platform admins. The
 * permission framework cannot say this without a condition on every catalog
 * read, which costs every catalog list (bench/permissions.mjs); the rule is
 * the policy's `template-groups` rule all the same.
 */
export function createTemplateGuardRouter(
  options: TemplateGuardRouterOptions,
): express.Router {
  const { roles, httpAuth, userInfo, auth, catalog, auditor } = options;
  const router = Router();

  async function guard(req: Request, res: Response, next: NextFunction) {
    const ref = templateRefOf(req);
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    if (!ref || credentials.principal.type !== 'user') return next();
    const caller = toCaller(roles, await userInfo.getUserInfo(credentials));
    if (caller.isAdmin) return next();
    let template: Entity | undefined;
    try {
      template = await catalog.getEntityByRef(ref, {
        credentials: await auth.getOwnServiceCredentials(),
      });
    } catch {
      return next(); // a malformed ref: the scaffolder answers it
    }
    const groups = template ? allowedGroupsOf(template) : [];
    if (
      !template ||
      groups.length === 0 ||
      groups.some(g => caller.claims.includes(g))
    )
      return next();

    const askWhom = ownersOf(template).length
      ? ownersOf(template)
      : roles.admins;
    const message =
      `${caller.userEntityRef} may not use ${stringifyEntityRef(
        template,
      )}: rule "template-groups" keeps this ` +
      `template to ${groups.join(', ')} and platform admins. Ask ${askWhom.join(
        ', ',
      )}.`;
    const decision = {
      decisionId: randomUUID(),
      result: 'DENY' as const,
      permission: 'scaffolder.task.create',
      rule: 'template-groups',
      who: groups.join(', '),
      askWhom,
      message,
    };
    await sendDenial({
      req,
      res,
      auditor,
      decision,
      target: stringifyEntityRef(template),
    });
    return undefined;
  }

  /** Dry-runs are for template authors: anyone else gets the rule's explained 403. */
  const authorsOnly = requireRule({
    roles,
    httpAuth,
    userInfo,
    auditor,
    permission: 'scaffolder.template.dry-run',
    target: 'scaffolder:dry-run',
  });

  const json = express.json({ limit: '10mb' });
  router.post('/v2/tasks', json, guard);
  router.post('/v2/dry-run', authorsOnly, json, guard);
  router.get('/v2/templates/:namespace/:kind/:name/parameter-schema', guard);
  return router;
}
