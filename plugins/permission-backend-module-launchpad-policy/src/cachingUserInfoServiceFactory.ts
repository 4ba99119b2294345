import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserInfo,
  type DiscoveryService,
  type UserInfoService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { decodeJwt } from 'jose';

/** How long a user's ownership refs are reused, at most (and never past the token's expiry). */
export const USER_INFO_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * Backstage's user info service, with a short cache. Backstage leaves the
 * ownership refs out of user tokens (`auth.omitIdentityTokenOwnershipClaim`,
 * on by default) and its user info service then asks the auth backend over
 * HTTP (`/v1/userinfo`, a database read) for every call. The policy needs
 * them for every decision, so every catalog list paid that round trip
 * (bench/permissions.mjs). This service answers the same way (the token's
 * `ent` claim if it has one, else the auth backend), and reuses an answer
 * for the same token for {@link USER_INFO_TTL_MS} at most: group changes
 * reach decisions within 30 s, sooner than a token's own `ent` claim would
 * (it lives as long as the token).
 */
export class CachingUserInfoService implements UserInfoService {
  private readonly cache = new Map<
    string,
    { expiresAt: number; info: Promise<BackstageUserInfo> }
  >();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly now: () => number = Date.now,
  ) {}

  async getUserInfo(
    credentials: BackstageCredentials,
  ): Promise<BackstageUserInfo> {
    const token = (credentials as { token?: unknown }).token;
    if ((credentials.principal as { type?: string }).type !== 'user')
      throw new Error('Only user credentials are supported');
    if (typeof token !== 'string')
      throw new Error('User credentials is unexpectedly missing token');

    const now = this.now();
    const hit = this.cache.get(token);
    if (hit && hit.expiresAt > now) return hit.info;
    if (hit) this.cache.delete(token);

    const { sub, ent, exp } = decodeJwt(token);
    if (typeof sub !== 'string')
      throw new Error('User entity ref must be a string');
    const info = this.lookUp(token, sub, ent);
    const expiresAt = Math.min(
      now + USER_INFO_TTL_MS,
      typeof exp === 'number' ? exp * 1000 : now,
    );
    if (expiresAt > now) {
      if (this.cache.size >= MAX_ENTRIES)
        this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(token, { expiresAt, info });
      info.catch(() => this.cache.delete(token)); // never keep a failure
    }
    return info;
  }

  private async lookUp(
    token: string,
    userEntityRef: string,
    ent: unknown,
  ): Promise<BackstageUserInfo> {
    let ownershipEntityRefs = ent;
    if (!ownershipEntityRefs) {
      const res = await fetch(
        `${await this.discovery.getBaseUrl('auth')}/v1/userinfo`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      if (!res.ok) throw await ResponseError.fromResponse(res);
      ownershipEntityRefs = (
        (await res.json()) as { claims?: { ent?: unknown } }
      ).claims?.ent;
    }
    if (
      !Array.isArray(ownershipEntityRefs) ||
      ownershipEntityRefs.some(r => typeof r !== 'string')
    ) {
      throw new Error('Ownership entity refs must be an array of strings');
    }
    return {
      userEntityRef,
      ownershipEntityRefs: ownershipEntityRefs as string[],
    };
  }
}

/** Installs {@link CachingUserInfoService} as every plugin's user info service. */
export const cachingUserInfoServiceFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { discovery: coreServices.discovery },
  factory: ({ discovery }) => new CachingUserInfoService(discovery),
});
