import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * The sign-in page. Local mode signs the default demo persona (Priya Nair,
 * Checkout) in without a click, or the persona last chosen; after a sign out
 * it offers the personas and the configured providers. Production offers the
 * configured providers (OIDC, GitHub) only. The choices come from the
 * backend (plugins/auth-backend-module-launchpad).
 */
export const guestSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => {
      const { LaunchpadSignInPage } = await import(
        './signIn/LaunchpadSignInPage'
      );
      return props => <LaunchpadSignInPage {...props} />;
    },
  },
});
