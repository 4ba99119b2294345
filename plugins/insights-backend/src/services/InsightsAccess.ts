import type {
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  type Explanation,
  readPolicyRoles,
} from '@internal/plugin-permission-backend-module-launchpad-policy';
import { randomUUID } from 'node:crypto';

/** The permission's name in decisions and the audit trail. */
export const INSIGHTS_READ = 'insights.read';
export const INSIGHTS_RULE = 'platform-admins-and-managers';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Who may read the insights: platform admins (`launchpad.permissions.admins`)
 * and managers (`insights.viewers`, by default the engineering department
 * group), by the user's ownership refs. Service callers (backend-to-backend)
 * are allowed, as the portal's policy never sees them either.
 */
export class InsightsAccess {
  static fromConfig(config: Config, userInfo: UserInfoService) {
    const { admins } = readPolicyRoles(config);
    const viewers = config.getOptionalStringArray('insights.viewers') ?? [
      'group:default/engineering',
    ];
    return new InsightsAccess(admins, viewers, userInfo);
  }

  constructor(
    private readonly admins: string[],
    private readonly viewers: string[],
    private readonly userInfo: UserInfoService,
  ) {}

  /** ALLOW, or DENY with the sentence naming the rule and whom to ask. */
  async decide(credentials: BackstageCredentials): Promise<Explanation> {
    const who = `platform admins (${this.admins.join(
      ', ',
    )}) and managers (${this.viewers.join(', ')})`;
    const base = {
      decisionId: randomUUID(),
      permission: INSIGHTS_READ,
      rule: INSIGHTS_RULE,
      who,
      askWhom: this.admins,
    };
    const principal = credentials.principal as { type?: string };
    if (principal.type === 'service') {
      return {
        ...base,
        result: 'ALLOW',
        message: 'Service callers may read insights',
      };
    }
    if (principal.type !== 'user') {
      return {
        ...base,
        result: 'DENY',
        message: 'Sign in to read platform insights',
      };
    }
    const info = await this.userInfo.getUserInfo(credentials);
    const claims = new Set(info.ownershipEntityRefs.map(lower));
    const allowed = [...this.admins, ...this.viewers].some(r =>
      claims.has(lower(r)),
    );
    return allowed
      ? {
          ...base,
          result: 'ALLOW',
          message: `${info.userEntityRef} may read platform insights`,
        }
      : {
          ...base,
          result: 'DENY',
          message: `${
            info.userEntityRef
          } may not ${INSIGHTS_READ}: rule "${INSIGHTS_RULE}" allows only ${who}. Ask ${this.admins.join(
            ' or ',
          )}.`,
        };
  }
}
