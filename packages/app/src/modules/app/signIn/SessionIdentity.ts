import type {
  BackstageUserIdentity,
  IdentityApi,
  ProfileInfo,
} from '@backstage/core-plugin-api';
import { storeChoice } from './choiceStore';
import { refreshSession, type Session } from './signInClient';

/** Renew the Backstage token this long before it expires. */
const MARGIN_MS = 5 * 60 * 1000;

function expiresAt(session: Session): number {
  const seconds = session.backstageIdentity.expiresInSeconds;
  if (seconds) return Date.now() + seconds * 1000 - MARGIN_MS;
  try {
    const payload = session.backstageIdentity.token.split('.')[1];
    const { exp } = JSON.parse(
      window.atob(payload.replace(/-/g, '+').replace(/_/g, '/')),
    );
    if (typeof exp === 'number') return exp * 1000 - MARGIN_MS;
  } catch {
    // not a JWT we can read: renew soon
  }
  return Date.now() + MARGIN_MS;
}

/**
 * The signed-in person for the app: a session from any of the portal's
 * providers (persona or OAuth), renewed through the provider's refresh
 * endpoint before the Backstage token expires.
 */
export class SessionIdentity implements IdentityApi {
  private session: Session;
  private expiry: number;
  private pending?: Promise<Session>;

  constructor(
    initial: Session,
    private readonly options: { refreshUrl: string; logoutUrl?: string },
  ) {
    this.session = initial;
    this.expiry = expiresAt(initial);
  }

  private async current(): Promise<Session> {
    if (Date.now() < this.expiry) return this.session;
    this.pending ??= refreshSession(this.options.refreshUrl)
      .then(session => {
        this.session = session;
        this.expiry = expiresAt(session);
        return session;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  async getProfileInfo(): Promise<ProfileInfo> {
    return (await this.current()).profile;
  }

  async getBackstageIdentity(): Promise<BackstageUserIdentity> {
    return (await this.current()).backstageIdentity.identity;
  }

  async getCredentials(): Promise<{ token?: string }> {
    return { token: (await this.current()).backstageIdentity.token };
  }

  async signOut(): Promise<void> {
    storeChoice({ kind: 'signed-out' });
    if (this.options.logoutUrl) {
      await fetch(this.options.logoutUrl, {
        method: 'POST',
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
        credentials: 'include',
      }).catch(() => undefined);
    }
  }
}
