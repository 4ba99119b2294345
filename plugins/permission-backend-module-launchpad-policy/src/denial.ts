import type {
  AuditorService,
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { NextFunction, Request, Response } from 'express';
import { explainDecision, type Explanation } from './explain';
import { toCaller, type PolicyRoles } from './roles';

/**
 * The decision's sentence as an HTTP reason phrase. Backstage's clients build
 * their error message from the status line (`ResponseError`: "Request failed
 * with 403 <reason>"), and pages show that message, so the reason phrase is
 * what carries the sentence to the person refused. Only visible ASCII fits
 * there; HTTP/2 has no reason phrase (the body still carries the decision).
 */
export function denialReasonPhrase(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, '?').slice(0, 600);
}

/**
 * Answers a refused request with a 403 that carries the decision (its id,
 * the rule, whom to ask) and uses the decision's sentence as the error
 * message, and records it as a `permission-denied` audit event.
 */
export async function sendDenial(options: {
  req: Request;
  res: Response;
  auditor: AuditorService;
  decision: Explanation;
  /** What was refused, for the audit trail (an entity ref, a location, a route). */
  target: string;
}): Promise<void> {
  const { req, res, auditor, decision, target } = options;
  const event = await auditor.createEvent({
    eventId: 'permission-denied',
    severityLevel: 'medium',
    request: req,
    meta: {
      decisionId: decision.decisionId,
      permission: decision.permission,
      rule: decision.rule,
      target,
    },
  });
  await event.fail({
    error: Object.assign(new Error(decision.message), {
      name: 'NotAllowedError',
    }),
  });
  res.statusMessage = denialReasonPhrase(decision.message);
  res.status(403).json({
    error: { name: 'NotAllowedError', message: decision.message },
    decision,
    request: { method: req.method, url: req.originalUrl },
    response: { statusCode: 403 },
  });
}

/**
 * Middleware for a route that is one basic permission: a signed-in user the
 * permission's rule refuses gets the explained, audited 403 before the
 * plugin's own bare one; everyone else (services, static tokens) goes on to
 * the plugin's own check.
 */
export function requireRule(options: {
  roles: PolicyRoles;
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  permission: string;
  target: string;
}) {
  const { roles, httpAuth, userInfo, auditor, permission, target } = options;
  return async (req: Request, res: Response, next: NextFunction) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service', 'none'],
    });
    if (credentials.principal.type !== 'user') return next();
    const caller = toCaller(roles, await userInfo.getUserInfo(credentials));
    const decision = explainDecision({
      roles,
      caller,
      permission: { type: 'basic', name: permission, attributes: {} },
    });
    if (decision.result === 'ALLOW') return next();
    return sendDenial({ req, res, auditor, decision, target });
  };
}
