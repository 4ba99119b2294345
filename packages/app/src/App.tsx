import { createApp } from '@backstage/frontend-defaults';
import { appModule } from './modules/app';

// Every plugin listed in package.json is discovered (app.packages: all);
// this file only adds Launchpad's own sign-in, theme and navigation.
export default createApp({
  features: [appModule],
});
