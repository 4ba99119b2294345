import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { ScorecardStanding, TeamsReport } from '../../api/types';
import { useTopLevelTeams } from '../../hooks/useScorecardsData';
import { rootRouteRef } from '../../routes';
import { InitiativesSection } from '../shared/InitiativesSection';
import { LevelBar } from '../shared/LevelBar';
import { useScorecardLinks } from '../shared/links';

type TopLevel = TeamsReport['teams'][number];
interface Row {
  teamRef: string;
  title: string;
  depth: number;
  standing?: ScorecardStanding;
}

const TopLevelTeamCard = ({ team }: { team: TopLevel }) => {
  const links = useScorecardLinks();
  const scorecards = team.scorecards.map(s => s.scorecard);
  if (scorecards.length === 0) {
    return (
      <InfoCard title={<Link to={links.team(team.teamRef)}>{team.title}</Link>}>
        <Typography variant="body2">
          Nothing owned by this tree has been scored yet.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <>
      {scorecards.map(scorecard => {
        const rows: Row[] = [
          {
            ...team,
            depth: 0,
            standing: team.scorecards.find(
              s => s.scorecard.id === scorecard.id,
            ),
          },
          ...team.children.map(c => ({
            ...c,
            depth: 1,
            standing: c.scorecards.find(s => s.scorecard.id === scorecard.id),
          })),
        ];
        const columns: TableColumn<Row>[] = [
          {
            title: 'Team',
            field: 'title',
            render: r => (
              <Box pl={r.depth * 3}>
                <Link to={links.team(r.teamRef)}>
                  {r.depth ? r.title : <strong>{r.title} (everything)</strong>}
                </Link>
              </Box>
            ),
          },
          {
            title: 'Scored',
            render: r => r.standing?.entities ?? 0,
            type: 'numeric',
            width: '10%',
          },
          {
            title: 'Levels',
            render: r =>
              r.standing ? (
                <LevelBar scorecard={scorecard} distribution={r.standing} />
              ) : (
                '—'
              ),
            width: '45%',
          },
          {
            title: 'Average points',
            render: r => r.standing?.averagePoints ?? '—',
            type: 'numeric',
            width: '15%',
          },
        ];
        return (
          <Table<Row>
            key={scorecard.id}
            title={`${team.title}: ${scorecard.title ?? scorecard.id}`}
            subtitle={`${team.groups} teams in this tree; open one to drill down`}
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={columns}
            data={rows}
          />
        );
      })}
    </>
  );
};

/** The scorecards page: initiatives and the top-level teams. */
export const ScorecardsOverview = () => {
  const { value, loading, error } = useTopLevelTeams();
  const root = useRouteRef(rootRouteRef);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body1">
          How the organisation stands on the platform team's scorecards. Open a
          team for its trend, the checks it fails most and its services;{' '}
          <Link to={`${root?.() ?? '/scorecards'}/orphans`}>
            ownership problems
          </Link>{' '}
          lists entities nobody can be asked about.
        </Typography>
      </Grid>
      <Grid item xs={12}>
        <Typography variant="h5">Initiatives</Typography>
      </Grid>
      <Grid item xs={12}>
        <InitiativesSection />
      </Grid>
      <Grid item xs={12}>
        <Typography variant="h5">Teams</Typography>
      </Grid>
      {loading && (
        <Grid item xs={12}>
          <Progress />
        </Grid>
      )}
      {error && (
        <Grid item xs={12}>
          <ResponseErrorPanel error={error} />
        </Grid>
      )}
      {value?.teams.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No teams"
            description="There are no groups in the catalog yet."
          />
        </Grid>
      )}
      {value?.teams.map(team => (
        <Grid item xs={12} key={team.teamRef}>
          <TopLevelTeamCard team={team} />
        </Grid>
      ))}
    </Grid>
  );
};
