import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { ScorecardsApi, scorecardsApiRef } from '../../api/ScorecardsClient';
import { TeamReport } from '../../api/types';
import { TeamScorecards } from './TeamScorecards';

const scorecard = {
  id: 'service-maturity',
  title: 'Service maturity',
  levels: [
    { id: 'bronze', title: 'Bronze' },
    { id: 'silver', title: 'Silver' },
  ],
};
const distribution = (none: number, bronze: number, silver: number) => ({
  entities: none + bronze + silver,
  levels: { none, bronze, silver },
  averagePoints: 3,
});

const team: TeamReport = {
  teamRef: 'group:default/engineering',
  title: 'Engineering',
  type: 'department',
  parent: { teamRef: 'group:default/northwind', title: 'Northwind Retail' },
  children: [{ teamRef: 'group:default/web', title: 'Web Experience' }],
  groups: 2,
  scorecards: [
    {
      scorecard,
      ...distribution(1, 2, 0),
      worstChecks: [
        {
          checkId: 'has-techdocs',
          failed: 2,
          unknown: 0,
          title: 'Has TechDocs',
          howToFix: 'Add a docs/ folder.',
        },
      ],
      owned: [
        {
          entityRef: 'component:default/tools',
          level: null,
          points: 1,
          maxPoints: 5,
          failedChecks: 2,
          unknownChecks: 1,
        },
      ],
      teams: [
        {
          teamRef: 'group:default/web',
          title: 'Web Experience',
          ...distribution(0, 2, 0),
        },
      ],
    },
  ],
};

const api: ScorecardsApi = {
  getEntityScorecards: jest.fn(),
  getTeam: jest.fn(async () => team),
  getTeamTrend: jest.fn(async () => ({
    teamRef: team.teamRef,
    scorecards: [{ scorecard, trend: [] }],
  })),
  getTeams: jest.fn(),
  getInitiatives: jest.fn(async () => ({
    teamRef: team.teamRef,
    initiatives: [],
    errors: [],
  })),
  getOrphans: jest.fn(),
};

// A hang guard, not a timing goal: rendering the whole team page in jsdom
// took 13 s on a loaded 2-core machine (Jest's default is 5 s)
jest.setTimeout(60_000);

describe('TeamScorecards', () => {
  it("shows the roll-up, what fails most with how to fix it, the sub-teams and the team's own services", async () => {
    await renderInTestApp(
      <TeamScorecards teamRef="group:default/engineering" />,
      {
        apis: [[scorecardsApiRef, api]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(await screen.findByText('Service maturity')).toBeInTheDocument();
    expect(
      screen.getByText(/and its 1 sub-team, average 3 points/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Northwind Retail' }),
    ).toHaveAttribute('href', '/catalog/default/group/northwind/scorecards');
    expect(screen.getByText('Add a docs/ folder.')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Web Experience' }),
    ).toHaveAttribute('href', '/catalog/default/group/web/scorecards');
    expect(screen.getByRole('link', { name: 'tools' })).toHaveAttribute(
      'href',
      '/catalog/default/component/tools/scorecard',
    );
    expect(screen.getByText('2 failing, 1 unknown')).toBeInTheDocument();
    expect(await screen.findByText(/No history yet/)).toBeInTheDocument();
    expect(await screen.findByText('No initiatives')).toBeInTheDocument();
  });
});
