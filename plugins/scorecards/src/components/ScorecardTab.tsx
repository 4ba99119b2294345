import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { EntityScorecard, ScoredCheck } from '../api/types';
import { useEntityScorecards } from '../hooks/useEntityScorecards';

const statusIcon = (check: ScoredCheck) => {
  if (check.status === 'passed') return <StatusOK />;
  if (check.status === 'failed') return <StatusError />;
  return <StatusWarning />;
};

const statusText: Record<ScoredCheck['status'], string> = {
  passed: 'Passing',
  failed: 'Failing',
  unknown: 'Unknown',
};

const CheckRow = ({ check }: { check: ScoredCheck }) => (
  <Box
    display="flex"
    py={1}
    borderBottom="1px solid rgba(0,0,0,0.08)"
    data-testid={`check-${check.checkId}`}
  >
    <Box pr={1} pt={0.25} aria-label={statusText[check.status]}>
      {statusIcon(check)}
    </Box>
    <Box flex={1}>
      <Typography variant="body1">
        <strong>{check.title ?? check.checkId}</strong>{' '}
        <Typography component="span" variant="caption">
          ({statusText[check.status]})
        </Typography>
      </Typography>
      {check.description && (
        <Typography variant="body2" color="textSecondary">
          {check.description}
        </Typography>
      )}
      {check.status !== 'passed' && check.howToFix && (
        <Typography variant="body2">How to fix: {check.howToFix}</Typography>
      )}
      {check.status === 'unknown' && check.message && (
        <Typography variant="caption" color="textSecondary">
          {check.message}
        </Typography>
      )}
    </Box>
  </Box>
);

const ScorecardCard = ({ card }: { card: EntityScorecard }) => {
  // A scorecard whose definition is gone is named by its id alone: its
  // checks are still shown, under the level each result recorded.
  const levels =
    card.scorecard.levels ??
    [...new Set(card.checks.map(c => c.level ?? ''))].map(id => ({
      id,
      title: id || 'Checks',
      description: undefined,
    }));
  const level = levels.find(l => l.id === card.level);
  return (
    <InfoCard
      title={card.scorecard.title ?? card.scorecard.id}
      subheader={card.scorecard.description}
    >
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <Chip
          color={card.level ? 'primary' : 'default'}
          label={level ? `Level: ${level.title}` : 'No level yet'}
        />
        <Box flex={1}>
          <LinearProgress
            variant="determinate"
            value={card.maxPoints ? (100 * card.points) / card.maxPoints : 0}
          />
        </Box>
        <Typography variant="body2">
          {card.points} / {card.maxPoints} points
        </Typography>
      </Box>
      {levels.map(l => {
        const checks = card.checks.filter(c => (c.level ?? '') === l.id);
        if (!checks.length) return null;
        return (
          <Box key={l.id} mb={2}>
            <Typography variant="h6">
              {l.title} ({checks.filter(c => c.status === 'passed').length} of{' '}
              {checks.length} passing)
            </Typography>
            {l.description && (
              <Typography variant="body2" color="textSecondary">
                {l.description}
              </Typography>
            )}
            {checks.map(check => (
              <CheckRow key={check.checkId} check={check} />
            ))}
          </Box>
        );
      })}
      <Typography variant="caption" color="textSecondary">
        Evaluated {new Date(card.evaluatedAt).toLocaleString()}; score last
        changed {new Date(card.changedAt).toLocaleString()} ({card.reason}).
      </Typography>
    </InfoCard>
  );
};

/** The Scorecard tab of an entity page. */
export const ScorecardTab = () => {
  const { value, loading, error } = useEntityScorecards();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.scorecards.length) {
    return (
      <EmptyState
        missing="data"
        title="Not scored yet"
        description="Scorecards are evaluated on a schedule; this entity has not been scored yet, or no scorecard applies to it."
      />
    );
  }
  return (
    <Grid container spacing={3}>
      {value.scorecards.map(card => (
        <Grid item xs={12} key={card.scorecard.id}>
          <ScorecardCard card={card} />
        </Grid>
      ))}
    </Grid>
  );
};
