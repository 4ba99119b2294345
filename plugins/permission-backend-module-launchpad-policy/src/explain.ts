import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Permission } from '@backstage/plugin-permission-common';
import { randomUUID } from 'node:crypto';
import type { Caller, PolicyRoles } from './roles';
import { ruleFor, type ExplainResource } from './rules';

/** Why a caller may or may not do something: the answer of "why was I denied?". */
export interface Explanation {
  /** Identifies this decision in the audit trail and in the 403 that carried it. */
  decisionId: string;
  result: 'ALLOW' | 'DENY';
  permission: string;
  /** The rule that decided (see the policy's README table). */
  rule: string;
  /** Who the rule lets through, in words. */
  who: string;
  /** Whom to ask (entity refs): the owners of the resource, or the platform admins. */
  askWhom: string[];
  /** One sentence a person can act on. */
  message: string;
}

function describeResource(resource?: ExplainResource): string | undefined {
  if (resource?.type === 'catalog-entity')
    return stringifyEntityRef(resource.entity);
  if (resource?.type === 'scaffolder-task') return 'this task';
  return undefined;
}

/**
 * Evaluates the rule of `permission` for a caller on a known resource and
 * says why, in a sentence naming the rule and whom to ask.
 */
export function explainDecision(options: {
  roles: PolicyRoles;
  caller: Caller;
  permission: Permission;
  resource?: ExplainResource;
}): Explanation {
  const { roles, caller, permission, resource } = options;
  const rule = ruleFor(permission);
  const allowed = rule.allows(caller, resource);
  const target = describeResource(resource);
  const action = target ? `${permission.name} on ${target}` : permission.name;
  const askWhom = allowed ? [] : rule.askWhom(roles, resource);
  const who = caller.userEntityRef ?? 'a caller who is not signed in';
  const message = allowed
    ? `${who} may ${action}: rule "${rule.id}" allows ${rule.who}.`
    : `${who} may not ${action}: rule "${rule.id}" allows only ${rule.who}.${
        askWhom.length ? ` Ask ${askWhom.join(', ')}.` : ''
      }`;
  return {
    decisionId: randomUUID(),
    result: allowed ? 'ALLOW' : 'DENY',
    permission: permission.name,
    rule: rule.id,
    who: rule.who,
    askWhom,
    message,
  };
}
