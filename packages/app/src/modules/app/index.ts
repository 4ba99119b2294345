import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { guestSignInPage } from './signInPage';
import { launchpadDarkTheme, launchpadLightTheme } from './theme';
import { launchpadNav } from './nav';
import { dependenciesContent } from './dependencies/dependenciesTab';
import { catalogGraphPage } from './catalogGraph/catalogGraphPage';
import { tableStyles } from './tableStyles';

/** Launchpad's look and entry: sign-in, themes and the sidebar; the entity pages' Dependencies tab, the graph page's entity picker, tables that fit every screen. */
export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    guestSignInPage,
    launchpadLightTheme,
    launchpadDarkTheme,
    launchpadNav,
    dependenciesContent,
    catalogGraphPage,
    tableStyles,
  ],
});
