import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  type PermissionsService,
  type PermissionsServiceRequestOptions,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type AuthorizePermissionRequest,
  type AuthorizePermissionResponse,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { LaunchpadPermissionPolicy } from './LaunchpadPermissionPolicy';
import { readPolicyRoles } from './module';

function userCredentials(
  options: PermissionsServiceRequestOptions,
): BackstageCredentials<BackstageUserPrincipal> | undefined {
  const credentials =
    'credentials' in options ? options.credentials : undefined;
  return (credentials?.principal as { type?: string } | undefined)?.type ===
    'user'
    ? (credentials as BackstageCredentials<BackstageUserPrincipal>)
    : undefined;
}

/**
 * The permissions service of every plugin: a signed-in user's requests that
 * the policy can answer on its own (basic permissions, and the conditions a
 * plugin applies in its own queries) are decided in the plugin's process by
 * the same {@link LaunchpadPermissionPolicy} the permission backend runs,
 * instead of a round trip to it per request. Everything else (services,
 * static tokens with their access restrictions, a resource named by ref,
 * permissions switched off) goes to Backstage's own client unchanged.
 */
export class InProcessPermissions implements PermissionsService {
  constructor(
    private readonly policy: LaunchpadPermissionPolicy,
    private readonly userInfo: UserInfoService,
    private readonly fallback: PermissionsService,
    private readonly enabled: boolean,
  ) {}

  private async decide(
    requests: Array<{
      permission:
        | QueryPermissionRequest['permission']
        | AuthorizePermissionRequest['permission'];
    }>,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ) {
    const info = await this.userInfo.getUserInfo(credentials);
    return Promise.all(
      requests.map(r =>
        this.policy.handle(
          { permission: r.permission } as never,
          {
            info,
            identity: { type: 'user', ...info },
            credentials,
            token: '',
            expiresInSeconds: undefined,
          } as never,
        ),
      ),
    );
  }

  async authorizeConditional(
    queries: QueryPermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<QueryPermissionResponse[]> {
    const user = userCredentials(options);
    if (!this.enabled || !user)
      return this.fallback.authorizeConditional(queries, options);
    return (await this.decide(queries, user)) as QueryPermissionResponse[];
  }

  async authorize(
    requests: AuthorizePermissionRequest[],
    options: PermissionsServiceRequestOptions,
  ): Promise<AuthorizePermissionResponse[]> {
    const user = userCredentials(options);
    // A resource permission needs the owning plugin's rules applied to the
    // resource: that is the permission backend's job.
    if (
      !this.enabled ||
      !user ||
      requests.some(r => isResourcePermission(r.permission))
    ) {
      return this.fallback.authorize(requests, options);
    }
    const decisions = await this.decide(requests, user);
    return decisions.map(d => ({
      result:
        d.result === AuthorizeResult.ALLOW
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  }
}

/** Installs {@link InProcessPermissions} as every plugin's permissions service. */
export const launchpadPermissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
    userInfo: coreServices.userInfo,
  },
  async factory({ auth, config, discovery, userInfo }) {
    return new InProcessPermissions(
      new LaunchpadPermissionPolicy(readPolicyRoles(config)),
      userInfo,
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
      config.getOptionalBoolean('permission.enabled') ?? false,
    );
  },
});
