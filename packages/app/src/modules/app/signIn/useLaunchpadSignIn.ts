import {
  configApiRef,
  discoveryApiRef,
  useApi,
  type IdentityApi,
} from '@backstage/core-plugin-api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { readChoice, storeChoice } from './choiceStore';
import { SessionIdentity } from './SessionIdentity';
import {
  fetchSignInOptions,
  popupSignIn,
  refreshSession,
  SignInError,
  type Session,
  type SignInOptions,
} from './signInClient';

const SCOPES: Record<string, string> = {
  oidc: 'openid profile email',
  github: 'read:user',
};

export type SignInState =
  | { status: 'loading' }
  | {
      status: 'choose';
      options: SignInOptions;
      error?: SignInError;
      busy?: string;
    };

/**
 * The sign-in page's logic. Local mode signs the last chosen persona in
 * without a click (the default persona on a first visit); after a sign out,
 * or in production, the page offers its choices: the personas (local mode)
 * and the configured providers (a popup to the provider's login page).
 */
export function useLaunchpadSignIn(
  onSignInSuccess: (identity: IdentityApi) => void,
) {
  const discovery = useApi(discoveryApiRef);
  const config = useApi(configApiRef);
  const env = config.getOptionalString('auth.environment') ?? 'development';
  const [state, setState] = useState<SignInState>({ status: 'loading' });
  const authBase = useRef<string>('');

  const urls = useCallback(
    (provider: string) => ({
      refreshUrl: `${
        authBase.current
      }/${provider}/refresh?env=${encodeURIComponent(env)}`,
      logoutUrl: `${
        authBase.current
      }/${provider}/logout?env=${encodeURIComponent(env)}`,
      startUrl: `${authBase.current}/${provider}/start?${new URLSearchParams({
        scope: SCOPES[provider] ?? '',
        origin: window.location.origin,
        env,
      })}`,
    }),
    [env],
  );
  const personaUrl = (id: string) =>
    `${authBase.current}/guest/refresh?persona=${encodeURIComponent(id)}`;

  const finish = useCallback(
    (session: Session, refreshUrl: string, logoutUrl?: string) =>
      onSignInSuccess(new SessionIdentity(session, { refreshUrl, logoutUrl })),
    [onSignInSuccess],
  );

  useEffect(() => {
    let cancelled = false;
    (async () => {
      authBase.current = await discovery.getBaseUrl('auth');
      let options: SignInOptions = {
        localMode: false,
        personas: [],
        providers: [],
      };
      let error: SignInError | undefined;
      try {
        options = await fetchSignInOptions(authBase.current);
      } catch (e) {
        error =
          e instanceof SignInError ? e : new SignInError('Error', String(e));
      }
      const choice = readChoice();
      if (choice?.kind !== 'signed-out') {
        const persona =
          choice?.kind === 'persona'
            ? options.personas.find(p => p.id === choice.id)
            : !choice && options.personas.find(p => p.isDefault);
        if (persona) {
          try {
            const url = personaUrl(persona.id);
            const session = await refreshSession(url);
            if (!cancelled) finish(session, url);
            return;
          } catch (e) {
            error = e as SignInError;
          }
        } else if (
          choice?.kind === 'provider' &&
          options.providers.some(p => p.id === choice.id)
        ) {
          const { refreshUrl, logoutUrl } = urls(choice.id);
          try {
            const session = await refreshSession(refreshUrl);
            if (!cancelled) finish(session, refreshUrl, logoutUrl);
            return;
          } catch {
            // no session with the provider any more: the person signs in again
          }
        }
      }
      if (!cancelled) setState({ status: 'choose', options, error });
    })();
    return () => {
      cancelled = true;
    };
    // runs once, on the page's first render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const attempt = async (busy: string, run: () => Promise<void>) => {
    if (state.status !== 'choose') return;
    const { options } = state;
    setState({ status: 'choose', options, busy });
    try {
      await run();
    } catch (e) {
      setState({
        status: 'choose',
        options,
        error:
          e instanceof SignInError ? e : new SignInError('Error', String(e)),
      });
    }
  };

  const choosePersona = (id: string) =>
    attempt(id, async () => {
      const url = personaUrl(id);
      const session = await refreshSession(url);
      storeChoice({ kind: 'persona', id });
      finish(session, url);
    });

  const chooseProvider = (id: string) =>
    attempt(id, async () => {
      const { startUrl, refreshUrl, logoutUrl } = urls(id);
      const session = await popupSignIn(
        startUrl,
        new URL(authBase.current).origin,
      );
      storeChoice({ kind: 'provider', id });
      finish(session, refreshUrl, logoutUrl);
    });

  return { state, choosePersona, chooseProvider };
}
