import { ProxiedSignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Local mode signs every visitor in as a guest without a click: the proxied
 * page asks the backend's guest provider for a session straight away.
 */
export const guestSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <ProxiedSignInPage {...props} provider="guest" />,
  },
});
