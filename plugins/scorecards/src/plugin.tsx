import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { ScorecardsClient, scorecardsApiRef } from './api/ScorecardsClient';
import { rootRouteRef } from './routes';

const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ScorecardsClient(deps),
    }),
});

const scorecardTab = EntityContentBlueprint.make({
  name: 'scorecard',
  params: {
    path: 'scorecard',
    title: 'Scorecard',
    filter: 'kind:component',
    loader: () =>
      import('./components/ScorecardTab').then(m => <m.ScorecardTab />),
  },
});

/** A manager's view of a group and the groups below it. */
const teamScorecardsTab = EntityContentBlueprint.make({
  name: 'team-scorecards',
  params: {
    path: 'scorecards',
    title: 'Scorecards',
    filter: 'kind:group',
    loader: () =>
      import('./components/team/TeamScorecardsTab').then(m => (
        <m.TeamScorecardsTab />
      )),
  },
});

/** /scorecards: initiatives, top-level teams and ownership problems (with a nav item). */
const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    title: 'Scorecards',
    icon: <AssessmentIcon />,
    loader: () =>
      import('./components/overview/ScorecardsPage').then(m => (
        <m.ScorecardsPage />
      )),
  },
});

/** Scorecards: levels per service, team roll-ups over the org tree, initiatives. */
export default createFrontendPlugin({
  pluginId: 'scorecards',
  title: 'Scorecards',
  icon: <AssessmentIcon />,
  routes: { root: rootRouteRef },
  extensions: [scorecardsApi, scorecardTab, teamScorecardsTab, scorecardsPage],
});
