import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  denialReasonPhrase,
  explainDecision,
  sendDenial,
  toCaller,
  type Caller,
  type ExplainResource,
  type Explanation,
  type PolicyRoles,
} from '@internal/plugin-permission-backend-module-launchpad-policy';
import express, {
  type Request,
  type Response,
  type NextFunction,
} from 'express';
import Router from 'express-promise-router';
import {
  ownsRepository,
  type RepositoryOwnerRule,
} from './repositoryOwnership';

/** Options for {@link createGuardRouter}. */
export interface GuardRouterOptions {
  roles: PolicyRoles;
  repositoryOwners: RepositoryOwnerRule[];
  /** <backend.baseUrl>/api/git: the portal's git host. */
  gitBase: string;
  /** `file` locations are decided by the local-files module (local mode only). */
  localMode: boolean;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auth: AuthService;
  catalog: CatalogService;
  auditor: AuditorService;
  logger: LoggerService;
}

/**
 * Runs in front of the catalog's own routes (a module's router is mounted
 * before its plugin's):
 * - POST /locations, PUT /locations/:id, DELETE /locations/:id by someone
 *   who is not a platform admin: the target must be a repository one of
 *   their teams owns (the permission framework never sees the target);
 * - every 403 the catalog answers gets the rule that denied and whom to ask.
 */
export function createGuardRouter(options: GuardRouterOptions): express.Router {
  const { roles, httpAuth, userInfo, auth, catalog, auditor } = options;
  const router = Router();

  async function callerOf(req: Request): Promise<Caller | undefined> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    if (credentials.principal.type !== 'user') return undefined;
    return toCaller(roles, await userInfo.getUserInfo(credentials));
  }

  function refuse(
    caller: Caller,
    permission: string,
    target: string,
  ): { decision: Explanation; target: string } {
    const explanation = explainDecision({
      roles,
      caller,
      permission: { type: 'basic', name: permission, attributes: {} },
    });
    const teams = caller.claims
      .filter(c => c.startsWith('group:'))
      .map(c => c.split('/')[1]);
    const message =
      `${caller.userEntityRef} may not ${permission} for ${target}: rule "repository-owners" allows only ` +
      `platform admins, or a team for the repositories it owns (on the portal's git host ` +
      `${options.gitBase}/<team>/..., elsewhere the prefixes in launchpad.permissions.repositoryOwners); ` +
      `${
        teams.length
          ? `your teams (${teams.join(', ')}) do not own it`
          : 'you are in no team'
      }. ` +
      `Ask ${roles.admins.join(', ')}.`;
    const decision = {
      ...explanation,
      result: 'DENY' as const,
      rule: 'repository-owners',
      askWhom: roles.admins,
      message,
    };
    return { decision, target };
  }

  /** The 403 in Backstage's error shape with the decision (its id, the rule, whom to ask), audited. */
  const deny = (
    req: Request,
    res: Response,
    denied: { decision: Explanation; target: string },
  ) => sendDenial({ req, res, auditor, ...denied });

  async function checkTarget(
    req: Request,
    permission: string,
    location: { type?: unknown; target?: unknown },
  ): Promise<{ decision: Explanation; target: string } | undefined> {
    const caller = await callerOf(req);
    if (!caller || caller.isAdmin || !caller.userEntityRef) return undefined; // services; admins; the catalog refuses the anonymous
    // A body that is not a location is the catalog's to refuse, with its 400 naming the field.
    if (
      typeof location.type !== 'string' ||
      typeof location.target !== 'string'
    )
      return undefined;
    const { type, target } = location as { type: string; target: string };
    // A new `file` location in local mode: the local-files module decides (configured
    // roots). An existing one may be the demo company's own: only admins remove it.
    if (
      type === 'file' &&
      options.localMode &&
      permission === 'catalog.location.create'
    )
      return undefined;
    if (
      type === 'url' &&
      ownsRepository({
        target,
        gitBase: options.gitBase,
        groups: caller.claims,
        rules: options.repositoryOwners,
      })
    ) {
      return undefined;
    }
    return refuse(caller, permission, `${type}:${target}`);
  }

  async function existingLocation(id: string) {
    const credentials = await auth.getOwnServiceCredentials();
    return catalog.getLocationById(id, { credentials }).catch(() => undefined);
  }

  router.use(explainForbiddenAnswers(options));

  router.post(
    '/locations',
    express.json({ limit: '64kb' }),
    async (req, res, next) => {
      const denied = await checkTarget(
        req,
        'catalog.location.create',
        req.body ?? {},
      );
      if (denied) return deny(req, res, denied);
      return next();
    },
  );

  router.put(
    '/locations/:id',
    express.json({ limit: '64kb' }),
    async (req, res, next) => {
      const before = await existingLocation(req.params.id);
      const denied =
        (before &&
          (await checkTarget(req, 'catalog.location.delete', before))) ||
        (await checkTarget(req, 'catalog.location.create', req.body ?? {}));
      if (denied) return deny(req, res, denied);
      return next();
    },
  );

  router.delete('/locations/:id', async (req, res, next) => {
    const before = await existingLocation(req.params.id);
    const denied =
      before && (await checkTarget(req, 'catalog.location.delete', before));
    if (denied) return deny(req, res, denied);
    return next();
  });

  return router;
}

/**
 * Adds the explanation to the catalog's own 403 answers (deleting or
 * refreshing an entity the caller does not own): the body keeps Backstage's
 * error shape, its message becomes the sentence, and `decision` carries the
 * id, the rule and whom to ask.
 */
function explainForbiddenAnswers(options: GuardRouterOptions) {
  const { roles, httpAuth, userInfo, auth, catalog, auditor, logger } = options;

  async function resourceOf(
    req: Request,
  ): Promise<{ permission: string; resource?: ExplainResource } | undefined> {
    const credentials = await auth.getOwnServiceCredentials();
    const byUid =
      req.method === 'DELETE' && /^\/entities\/by-uid\/([^/]+)$/.exec(req.path);
    if (byUid) {
      const { items } = await catalog.getEntities(
        { filter: { 'metadata.uid': decodeURIComponent(byUid[1]) } },
        { credentials },
      );
      return {
        permission: 'catalog.entity.delete',
        resource: items[0] && { type: 'catalog-entity', entity: items[0] },
      };
    }
    if (
      req.method === 'POST' &&
      req.path === '/refresh' &&
      typeof req.body?.entityRef === 'string'
    ) {
      const entity = await catalog.getEntityByRef(req.body.entityRef, {
        credentials,
      });
      return {
        permission: 'catalog.entity.refresh',
        resource: entity && { type: 'catalog-entity', entity },
      };
    }
    // unprocessed entities (the catalog-backend-module-unprocessed routes)
    if (/^\/entities\/unprocessed\//.test(req.path)) {
      return {
        permission:
          req.method === 'DELETE'
            ? 'catalog.ingestion.manage'
            : 'catalog.ingestion.read',
      };
    }
    return undefined;
  }

  return (req: Request, res: Response, next: NextFunction) => {
    const json = res.json.bind(res);
    let explaining = false;
    res.json = (body: any) => {
      if (
        res.statusCode !== 403 ||
        explaining ||
        body?.decision ||
        body?.error?.name !== 'NotAllowedError'
      ) {
        return json(body);
      }
      explaining = true;
      (async () => {
        const what = await resourceOf(req);
        if (!what) return body;
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const caller = toCaller(roles, await userInfo.getUserInfo(credentials));
        const explanation = explainDecision({
          roles,
          caller,
          permission: { type: 'basic', name: what.permission, attributes: {} },
          resource: what.resource,
        });
        const event = await auditor.createEvent({
          eventId: 'permission-denied',
          severityLevel: 'medium',
          request: req,
          meta: {
            decisionId: explanation.decisionId,
            permission: what.permission,
            rule: explanation.rule,
          },
        });
        await event.fail({ error: new NotAllowedError(explanation.message) });
        res.statusMessage = denialReasonPhrase(explanation.message);
        return {
          ...body,
          error: { ...body.error, message: explanation.message },
          decision: explanation,
        };
      })()
        .catch(error => {
          logger.warn(
            `Could not explain a catalog 403 for ${req.method} ${req.path}: ${error}`,
          );
          return body;
        })
        .then(b => json(b));
      return res;
    };
    next();
  };
}
