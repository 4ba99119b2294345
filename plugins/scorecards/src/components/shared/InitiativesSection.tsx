import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { InitiativeProgress } from '../../api/types';
import { useInitiatives } from '../../hooks/useScorecardsData';
import { ProgressChart } from './LazyCharts';
import { useScorecardLinks } from './links';
import { describeScope, describeDue } from './initiativeText';

const StandingBar = ({
  percent,
  label,
}: {
  percent: number;
  label: string;
}) => (
  <Box display="flex" alignItems="center" style={{ gap: 12 }}>
    <Box flex={1}>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={label}
      />
    </Box>
    <Typography variant="body2" style={{ minWidth: 120, textAlign: 'right' }}>
      {label}
    </Typography>
  </Box>
);

const statusChip: Record<
  InitiativeProgress['status'],
  { label: string; color: 'primary' | 'secondary' | 'default' }
> = {
  done: { label: 'Done', color: 'primary' },
  open: { label: 'In progress', color: 'default' },
  overdue: { label: 'Overdue', color: 'secondary' },
};

const InitiativeCard = ({ initiative }: { initiative: InitiativeProgress }) => {
  const links = useScorecardLinks();
  const chip = statusChip[initiative.status];
  return (
    <Box data-testid={`initiative-${initiative.id}`} height="100%">
      <InfoCard
        title={initiative.title}
        subheader={`${initiative.scorecard.title ?? initiative.scorecard.id}: ${
          initiative.targetLevel.title
        } or better for ${describeScope(initiative)}`}
      >
        <Box>
          <Box display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
            <Chip size="small" label={chip.label} color={chip.color} />
            <Typography variant="body2">{describeDue(initiative)}</Typography>
          </Box>
          {initiative.description && (
            <Typography variant="body2" color="textSecondary" paragraph>
              {initiative.description}
            </Typography>
          )}
          <StandingBar
            percent={initiative.percent}
            label={`${initiative.reached} of ${initiative.entities} (${initiative.percent}%)`}
          />
          <Box mt={2}>
            <Typography variant="subtitle2">Per team</Typography>
            {initiative.teams.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                Nothing in scope yet.
              </Typography>
            )}
            {initiative.teams.map(team => (
              <Box
                key={team.teamRef ?? 'none'}
                display="flex"
                alignItems="center"
                py={0.5}
                style={{ gap: 12 }}
              >
                <Box
                  width={180}
                  overflow="hidden"
                  textOverflow="ellipsis"
                  whiteSpace="nowrap"
                >
                  {team.teamRef?.startsWith('group:') ? (
                    <Link to={links.team(team.teamRef)}>
                      {team.title ?? team.teamRef}
                    </Link>
                  ) : (
                    <Typography variant="body2" component="span">
                      {team.teamRef ?? 'No owner'}
                    </Typography>
                  )}
                </Box>
                <Box flex={1}>
                  <StandingBar
                    percent={team.percent}
                    label={`${team.reached} of ${team.entities}`}
                  />
                </Box>
              </Box>
            ))}
          </Box>
          {initiative.trend.length > 0 && (
            <Box mt={2}>
              <Typography variant="subtitle2">At target over time</Typography>
              <ProgressChart trend={initiative.trend} />
            </Box>
          )}
        </Box>
      </InfoCard>
    </Box>
  );
};

export interface InitiativesSectionProps {
  /** A team's initiatives (its subtree only); everyone's when absent. */
  teamRef?: string;
}

/** The platform team's initiatives with their progress. */
export const InitiativesSection = ({ teamRef }: InitiativesSectionProps) => {
  const { value, loading, error } = useInitiatives(teamRef);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Grid container spacing={3}>
      {value!.errors.length > 0 && (
        <Grid item xs={12}>
          <WarningPanel title="Some initiatives could not be read">
            {value!.errors.map(e => (
              <Typography key={e.message} variant="body2">
                {e.message}
              </Typography>
            ))}
          </WarningPanel>
        </Grid>
      )}
      {value!.initiatives.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="content"
            title="No initiatives"
            description="The platform team defines initiatives (kind: Initiative) in the scorecards folder."
          />
        </Grid>
      )}
      {value!.initiatives.map(initiative => (
        <Grid item xs={12} md={6} key={initiative.id}>
          <InitiativeCard initiative={initiative} />
        </Grid>
      ))}
    </Grid>
  );
};
