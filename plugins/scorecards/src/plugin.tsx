import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ScorecardsClient, scorecardsApiRef } from './api/ScorecardsClient';

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
    loader: () => import('./components/ScorecardTab').then(m => <m.ScorecardTab />),
  },
});

/** Scorecards: levels per service, with how to reach the next one. */
export default createFrontendPlugin({
  pluginId: 'scorecards',
  extensions: [scorecardsApi, scorecardTab],
});
