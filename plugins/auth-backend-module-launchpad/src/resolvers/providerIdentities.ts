import type { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';
import type {
  OAuthAuthenticatorResult,
  PassportProfile,
  SignInInfo,
} from '@backstage/plugin-auth-node';
import type { ProviderIdentity } from './emailThenUsername';

/**
 * OIDC (Keycloak, Entra ID, Okta, Google): the email only when the provider
 * says it is verified (Backstage's profile transform drops it otherwise), the
 * username from `preferred_username`.
 */
export function oidcIdentity(
  info: SignInInfo<OAuthAuthenticatorResult<OidcAuthResult>>,
): ProviderIdentity {
  const userinfo = info.result.fullProfile?.userinfo ?? {};
  return {
    email: info.profile.email,
    username: userinfo.preferred_username as string | undefined,
  };
}

/** GitHub: the profile's (verified, public) email and the login. */
export function githubIdentity(
  info: SignInInfo<OAuthAuthenticatorResult<PassportProfile>>,
): ProviderIdentity {
  return {
    email: info.profile.email,
    username: info.result.fullProfile?.username,
  };
}
