import type {
  AuditorService,
  AuthService,
  DatabaseService,
  DiscoveryService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  explainDecision,
  sendDenial,
  toCaller,
  type PolicyRoles,
} from '@internal/plugin-permission-backend-module-launchpad-policy';
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import Router from 'express-promise-router';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { listReadableTasks, parseTaskListQuery } from './listReadableTasks';

/** Options for {@link createTaskGuardRouter}. */
export interface TaskGuardRouterOptions {
  roles: PolicyRoles;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auth: AuthService;
  discovery: DiscoveryService;
  auditor: AuditorService;
  /** The scaffolder's own database (a module shares its plugin's). */
  database: DatabaseService;
}

const TASK_ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const taskReadPermission = {
  type: 'resource' as const,
  name: 'scaffolder.task.read',
  attributes: { action: 'read' as const },
  resourceType: 'scaffolder-task',
};

/** The entity ref a task was created for: its `owner` parameter, as a full ref (groups by default). */
export function taskOwnerRef(parameters: unknown): string | undefined {
  const owner = (parameters as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || owner.length > 512) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/**
 * Runs in front of the scaffolder's task reads (a task, its log, its event
 * stream). The scaffolder's own rules let a task's initiator and admins
 * read it; the policy's `task-readers` rule also lets the team the task was
 * created for read it. For them this router answers as the scaffolder
 * itself: the same route, called with the plugin's own service credentials,
 * after the ownership decision above, audited as the reading user. Anyone
 * else gets the rule's explained 403 instead of the scaffolder's bare one.
 */
export function createTaskGuardRouter(
  options: TaskGuardRouterOptions,
): express.Router {
  const { roles, httpAuth, userInfo, auth, discovery, auditor, database } =
    options;
  const router = Router();

  async function asScaffolder(pathAndQuery: string, signal?: AbortSignal) {
    const base = await discovery.getBaseUrl('scaffolder');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'scaffolder',
    });
    return fetch(`${base}${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal,
    });
  }

  /** The signed-in, non-admin caller and the task the route names; undefined: the scaffolder decides alone. */
  async function callerAndTask(req: Request) {
    const { taskId } = req.params;
    if (!TASK_ID.test(taskId)) return undefined; // the scaffolder answers malformed ids
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    if (credentials.principal.type !== 'user') return undefined;
    const caller = toCaller(roles, await userInfo.getUserInfo(credentials));
    if (caller.isAdmin) return undefined;
    const found = await asScaffolder(`/v2/tasks/${taskId}`);
    if (!found.ok) return undefined; // no such task: the scaffolder's 404
    const task = (await found.json()) as {
      createdBy?: string;
      spec?: { parameters?: unknown };
    };
    const createdBy = task.createdBy?.toLocaleLowerCase('en-US');
    if (createdBy && createdBy === caller.userEntityRef) return undefined;
    return {
      taskId,
      caller,
      createdBy,
      owner: taskOwnerRef(task.spec?.parameters),
    };
  }

  /** Cancel and retry: the initiator and admins; anyone else gets the explained 403. */
  async function guardCancel(req: Request, res: Response, next: NextFunction) {
    const found = await callerAndTask(req);
    if (!found) return next();
    const { taskId, caller, createdBy, owner } = found;
    const decision = explainDecision({
      roles,
      caller,
      permission: {
        ...taskReadPermission,
        name: 'scaffolder.task.cancel',
        attributes: {},
      },
      resource: { type: 'scaffolder-task', createdBy, owner },
    });
    if (decision.result === 'ALLOW') return next();
    return sendDenial({
      req,
      res,
      auditor,
      decision,
      target: `scaffolder-task:${taskId}`,
    });
  }

  async function guard(req: Request, res: Response, next: NextFunction) {
    const found = await callerAndTask(req);
    if (!found) return next();
    const { taskId, caller, createdBy, owner } = found;

    const decision = explainDecision({
      roles,
      caller,
      permission: taskReadPermission,
      resource: { type: 'scaffolder-task', createdBy, owner },
    });
    if (decision.result === 'DENY') {
      return sendDenial({
        req,
        res,
        auditor,
        decision,
        target: `scaffolder-task:${taskId}`,
      });
    }

    const event = await auditor.createEvent({
      eventId: 'task-read',
      request: req,
      meta: { taskId, owner, rule: decision.rule, route: req.path },
    });
    const controller = new AbortController();
    res.on('close', () => controller.abort());
    try {
      const upstream = await asScaffolder(req.url, controller.signal);
      res.status(upstream.status);
      for (const header of ['content-type', 'cache-control']) {
        const value = upstream.headers.get(header);
        if (value) res.setHeader(header, value);
      }
      await event.success();
      if (!upstream.body) return void res.end();
      res.flushHeaders();
      Readable.fromWeb(upstream.body as ReadableStream<Uint8Array>)
        .on('error', () => res.end())
        .pipe(res);
    } catch (error) {
      if (controller.signal.aborted) return undefined; // the reader went away
      await event.fail({ error: error as Error });
      throw error;
    }
    return undefined;
  }

  /**
   * The task list for a signed-in user who is not an admin: the tasks they
   * started and the tasks created for their teams, as the scaffolder's own
   * list answers it (its permission filter knows only the initiator).
   * Admins, services and queries this module does not read go on to the
   * scaffolder.
   */
  async function guardList(req: Request, res: Response, next: NextFunction) {
    const query = parseTaskListQuery(req.query as Record<string, unknown>);
    if (!query) return next();
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    if (credentials.principal.type !== 'user') return next();
    const caller = toCaller(roles, await userInfo.getUserInfo(credentials));
    if (caller.isAdmin) return next();
    const event = await auditor.createEvent({
      eventId: 'task',
      request: req,
      meta: { actionType: 'list', rule: 'task-readers' },
    });
    try {
      const answer = await listReadableTasks(
        await database.getClient(),
        caller,
        query,
      );
      await event.success();
      return void res.json(answer);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }

  router.get('/v2/tasks', guardList);
  router.get('/v2/tasks/:taskId', guard);
  router.get('/v2/tasks/:taskId/events', guard);
  router.get('/v2/tasks/:taskId/eventstream', guard);
  router.post('/v2/tasks/:taskId/cancel', guardCancel);
  router.post('/v2/tasks/:taskId/retry', guardCancel);
  return router;
}
