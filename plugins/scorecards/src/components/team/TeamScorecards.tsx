import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { TeamReport, TeamScorecard, TrendPoint } from '../../api/types';
import { useTeamScorecards, useTeamTrend } from '../../hooks/useScorecardsData';
import { InitiativesSection } from '../shared/InitiativesSection';
import { LevelBar } from '../shared/LevelBar';
import { TrendChart } from '../shared/LazyCharts';
import { levelOrder } from '../shared/levels';
import { useScorecardLinks } from '../shared/links';

type Owned = TeamScorecard['owned'][number];
type SubTeam = TeamScorecard['teams'][number];
type Worst = TeamScorecard['worstChecks'][number];

const levelTitle = (card: TeamScorecard, level: string | null) =>
  levelOrder(card.scorecard).find(l => l.id === (level ?? 'none'))?.title ??
  level;

const ScorecardSection = ({
  team,
  card,
  trend,
  trendLoading,
}: {
  team: TeamReport;
  card: TeamScorecard;
  trend?: TrendPoint[];
  trendLoading: boolean;
}) => {
  const links = useScorecardLinks();
  const title = card.scorecard.title ?? card.scorecard.id;

  const worstColumns: TableColumn<Worst>[] = [
    {
      title: 'Check',
      field: 'title',
      render: w => <strong>{w.title ?? w.checkId}</strong>,
      width: '30%',
    },
    { title: 'Failing', field: 'failed', type: 'numeric', width: '10%' },
    { title: 'Unknown', field: 'unknown', type: 'numeric', width: '10%' },
    { title: 'How to fix', field: 'howToFix', render: w => w.howToFix ?? '—' },
  ];
  const teamColumns: TableColumn<SubTeam>[] = [
    {
      title: 'Team',
      field: 'title',
      render: t => <Link to={links.team(t.teamRef)}>{t.title}</Link>,
    },
    { title: 'Scored', field: 'entities', type: 'numeric', width: '10%' },
    {
      title: 'Levels',
      render: t => <LevelBar scorecard={card.scorecard} distribution={t} />,
      width: '40%',
    },
    {
      title: 'Average points',
      field: 'averagePoints',
      type: 'numeric',
      width: '15%',
    },
  ];
  const ownedColumns: TableColumn<Owned>[] = [
    {
      title: 'Entity',
      field: 'entityRef',
      render: o => (
        <Link to={links.entity(o.entityRef)}>
          {humanizeEntityRef(parseEntityRef(o.entityRef), {
            defaultKind: 'component',
          })}
        </Link>
      ),
    },
    {
      title: 'Level',
      field: 'level',
      render: o => (
        <Chip
          size="small"
          label={levelTitle(card, o.level)}
          color={o.level ? 'primary' : 'default'}
        />
      ),
    },
    { title: 'Points', render: o => `${o.points} / ${o.maxPoints}` },
    {
      title: 'Not passing',
      render: o => (
        <span data-testid={`owned-failing-${o.entityRef}`}>
          {o.failedChecks} failing
          {o.unknownChecks ? `, ${o.unknownChecks} unknown` : ''}
        </span>
      ),
    },
  ];

  return (
    <>
      <Grid item xs={12} md={5}>
        <InfoCard title={title} subheader={card.scorecard.description}>
          <Typography variant="h4" component="p">
            {card.entities}
          </Typography>
          <Typography variant="body2" color="textSecondary" paragraph>
            scored {card.entities === 1 ? 'entity' : 'entities'} in {team.title}
            {team.groups > 1
              ? ` and its ${team.groups - 1} sub-team${
                  team.groups === 2 ? '' : 's'
                }`
              : ''}
            , average {card.averagePoints} points
          </Typography>
          <LevelBar scorecard={card.scorecard} distribution={card} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard
          title={`${title}: trend`}
          subheader="Entities per level at the end of each day (UTC)"
        >
          <Box data-testid={`trend-${card.scorecard.id}`}>
            {trendLoading && <Progress />}
            {!trendLoading && trend && trend.length > 0 && (
              <TrendChart scorecard={card.scorecard} trend={trend} />
            )}
            {!trendLoading && (!trend || trend.length === 0) && (
              <Typography variant="body2" color="textSecondary">
                No history yet: the trend starts with the first evaluation.
              </Typography>
            )}
            {!trendLoading && trend?.length === 1 && (
              <Typography variant="caption" color="textSecondary">
                One day of history so far; the chart fills in as evaluations
                run.
              </Typography>
            )}
          </Box>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <Table<Worst>
          title={`${title}: checks failed most often`}
          subtitle={
            team.groups > 1 ? 'Across the team and its sub-teams' : undefined
          }
          options={{ paging: false, search: false, padding: 'dense' }}
          columns={worstColumns}
          data={card.worstChecks}
          emptyContent={<Box p={2}>Every entity passes every check.</Box>}
        />
      </Grid>
      {card.teams.length > 0 && (
        <Grid item xs={12}>
          <Table<SubTeam>
            title="Sub-teams"
            subtitle="Each with the teams below it; open one to drill down"
            options={{ paging: false, search: false, padding: 'dense' }}
            columns={teamColumns}
            data={card.teams}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <Table<Owned>
          title={`Owned by ${team.title}`}
          subtitle="Lowest score first; open one to see why"
          options={{
            paging: card.owned.length > 20,
            pageSize: 20,
            search: card.owned.length > 20,
            padding: 'dense',
          }}
          columns={ownedColumns}
          data={card.owned}
          emptyContent={
            <Box p={2}>
              {team.title} owns nothing this scorecard applies to
              {team.children.length ? '; its sub-teams do.' : '.'}
            </Box>
          }
        />
      </Grid>
    </>
  );
};

export interface TeamScorecardsProps {
  teamRef: string;
}

/** A manager's view of a team: its roll-up over the org subtree, trend, worst checks, sub-teams and initiatives. */
export const TeamScorecards = ({ teamRef }: TeamScorecardsProps) => {
  const { value: team, loading, error } = useTeamScorecards(teamRef);
  const trend = useTeamTrend(teamRef);
  const links = useScorecardLinks();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const report = team!;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Typography variant="body1">
          Scorecards of <strong>{report.title}</strong>
          {report.groups > 1 &&
            ` and the ${report.groups - 1} team${
              report.groups === 2 ? '' : 's'
            } below it`}
          .
          {report.parent && (
            <>
              {' '}
              Part of{' '}
              <Link to={links.team(report.parent.teamRef)}>
                {report.parent.title}
              </Link>
              .
            </>
          )}
        </Typography>
      </Grid>
      {report.scorecards.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="Nothing scored yet"
            description={`No entity owned by ${report.title} or its sub-teams has been scored. Scorecards are evaluated on a schedule.`}
          />
        </Grid>
      )}
      {report.scorecards.map(card => (
        <ScorecardSection
          key={card.scorecard.id}
          team={report}
          card={card}
          trendLoading={trend.loading}
          trend={
            trend.value?.scorecards.find(
              s => s.scorecard.id === card.scorecard.id,
            )?.trend
          }
        />
      ))}
      {trend.error && (
        <Grid item xs={12}>
          <ResponseErrorPanel
            error={trend.error}
            title="The trend could not be loaded"
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="h5">Initiatives</Typography>
      </Grid>
      <Grid item xs={12}>
        <InitiativesSection teamRef={report.teamRef} />
      </Grid>
      {report.children.length > 0 && report.scorecards.length === 0 && (
        <Grid item xs={12}>
          <Typography variant="body2">
            Sub-teams:{' '}
            {report.children.map((c, i) => (
              <span key={c.teamRef}>
                {i > 0 && ', '}
                <EntityRefLink entityRef={c.teamRef} title={c.title} />
              </span>
            ))}
          </Typography>
        </Grid>
      )}
    </Grid>
  );
};
