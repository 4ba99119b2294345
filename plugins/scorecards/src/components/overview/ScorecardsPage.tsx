import { Content } from '@backstage/core-components';
import { Route, Routes } from 'react-router-dom';
import { OrphansPage } from './OrphansPage';
import { ScorecardsOverview } from './ScorecardsOverview';

/** /scorecards: the overview, and /scorecards/orphans. */
export const ScorecardsPage = () => (
  <Content>
    <Routes>
      <Route path="/" element={<ScorecardsOverview />} />
      <Route path="/orphans" element={<OrphansPage />} />
    </Routes>
  </Content>
);
