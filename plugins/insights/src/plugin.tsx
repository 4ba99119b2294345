import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
import { InsightsClient, insightsApiRef } from './api/InsightsClient';

/** The insights page's route. */
export const rootRouteRef = createRouteRef();

const insightsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: insightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new InsightsClient(deps),
    }),
});

/** `/insights`: for platform admins and managers (the backend refuses everyone else). */
const insightsPage = PageBlueprint.make({
  params: {
    path: '/insights',
    routeRef: rootRouteRef,
    title: 'Insights',
    icon: <TimelineIcon />,
    loader: () =>
      import('./components/InsightsPage').then(m => <m.InsightsPage />),
  },
});

/** Platform insights: golden path usage, the adoption funnel and DORA keys. */
export default createFrontendPlugin({
  pluginId: 'insights',
  title: 'Insights',
  icon: <TimelineIcon />,
  routes: { root: rootRouteRef },
  extensions: [insightsApi, insightsPage],
});
