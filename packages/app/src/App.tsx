import { createApp } from '@backstage/frontend-defaults';
import homePlugin from '@internal/plugin-home';
import { appModule } from './modules/app';
import { unprocessedEntitiesModule } from './modules/unprocessedEntities';

// Every plugin listed in package.json is discovered (app.packages: all);
// this file only adds Launchpad's own sign-in, theme and navigation, and the
// home page at `/` (plugins/home).
export default createApp({
  features: [appModule, homePlugin, unprocessedEntitiesModule],
});
