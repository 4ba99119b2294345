import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { guestSignInPage } from './signInPage';
import { launchpadDarkTheme, launchpadLightTheme } from './theme';
import { launchpadNav } from './nav';

/** Launchpad's look and entry: sign-in, themes and the sidebar. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    guestSignInPage,
    launchpadLightTheme,
    launchpadDarkTheme,
    launchpadNav,
  ],
});
