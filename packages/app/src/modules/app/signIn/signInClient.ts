import type {
  BackstageUserIdentity,
  ProfileInfo,
} from '@backstage/core-plugin-api';

/** A demo persona the backend offers in local mode. */
export type Persona = {
  id: string;
  userEntityRef: string;
  title: string;
  description: string;
  isDefault: boolean;
};

/** A real sign-in provider (OIDC, GitHub) the backend has configured. */
export type ProviderOption = { id: string; title: string };

/** GET /api/auth/launchpad/sign-in-options */
export type SignInOptions = {
  localMode: boolean;
  personas: Persona[];
  providers: ProviderOption[];
};

/** What the auth backend answers on a sign-in or a refresh. */
export type Session = {
  profile: ProfileInfo;
  backstageIdentity: {
    token: string;
    expiresInSeconds?: number;
    identity: BackstageUserIdentity;
  };
};

/** An error the auth backend (or the provider's popup) reported. */
export class SignInError extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
    this.name = 'SignInError';
  }
}

async function readError(res: Response): Promise<SignInError> {
  try {
    const body = await res.json();
    return new SignInError(
      body.error?.name ?? 'Error',
      body.error?.message ?? res.statusText,
    );
  } catch {
    return new SignInError('Error', `${res.status} ${res.statusText}`);
  }
}

export async function fetchSignInOptions(
  authBaseUrl: string,
): Promise<SignInOptions> {
  const res = await fetch(`${authBaseUrl}/launchpad/sign-in-options`);
  if (!res.ok) throw await readError(res);
  return res.json();
}

/**
 * Asks a provider for a session: a persona's one-click sign-in, or an OAuth
 * provider's existing session (its refresh cookie).
 */
export async function refreshSession(
  url: string,
  signal?: AbortSignal,
): Promise<Session> {
  const res = await fetch(url, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
    credentials: 'include',
    signal,
  });
  if (!res.ok) throw await readError(res);
  const session = (await res.json()) as Session;
  if (!session.backstageIdentity?.token)
    throw new SignInError(
      'Error',
      'The sign-in answer had no Backstage identity',
    );
  return session;
}

/**
 * The OAuth popup flow of Backstage's auth backend: opens the provider's
 * start URL and waits for the popup's `authorization_response` message.
 */
export function popupSignIn(
  startUrl: string,
  backendOrigin: string,
): Promise<Session> {
  return new Promise((resolve, reject) => {
    const popup = window.open(
      startUrl,
      'launchpad-sign-in',
      'width=500,height=700',
    );
    if (!popup) {
      reject(
        new SignInError(
          'PopupRejectedError',
          'The sign-in window was blocked: allow pop-ups for the portal and try again.',
        ),
      );
      return;
    }
    // Both set below; `done` stops listening to the window and polling it
    let onMessage: (event: MessageEvent) => void = () => {};
    let poll: number | undefined = undefined;
    const done = () => {
      window.removeEventListener('message', onMessage);
      window.clearInterval(poll);
    };
    onMessage = (event: MessageEvent) => {
      if (event.origin !== backendOrigin || event.source !== popup) return;
      const data = event.data as {
        type?: string;
        response?: Session;
        error?: { name?: string; message?: string };
      };
      if (data?.type !== 'authorization_response') return;
      done();
      if (data.error) {
        reject(
          new SignInError(
            data.error.name ?? 'Error',
            data.error.message ?? 'Sign-in failed',
          ),
        );
      } else if (data.response?.backstageIdentity) {
        resolve(data.response);
      } else {
        reject(
          new SignInError(
            'Error',
            'The sign-in answer had no Backstage identity',
          ),
        );
      }
    };
    window.addEventListener('message', onMessage);
    poll = window.setInterval(() => {
      if (popup.closed) {
        done();
        reject(
          new SignInError(
            'PopupClosedError',
            'The sign-in window was closed before signing in.',
          ),
        );
      }
    }, 500);
  });
}
