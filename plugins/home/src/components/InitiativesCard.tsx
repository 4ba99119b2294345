import { InfoCard } from '@backstage/core-components';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useTeamInitiatives } from '../hooks/useTeamInitiatives';
import { CardState } from './CardState';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  bar: { height: 8, borderRadius: 4, margin: theme.spacing(0.5, 0) },
}));

function due(daysLeft: number, status: string) {
  if (status === 'done') return 'done';
  if (daysLeft < 0)
    return `overdue by ${-daysLeft} day${daysLeft === -1 ? '' : 's'}`;
  return daysLeft === 0
    ? 'due today'
    : `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}

/** The platform's initiatives that include services of my teams, with my teams' progress. */
export function InitiativesCard({ teams }: { teams: string[] | undefined }) {
  const classes = useStyles();
  const state = useTeamInitiatives(teams);
  return (
    <InfoCard
      title="Initiatives for my team"
      deepLink={{ title: 'All initiatives', link: '/scorecards' }}
    >
      <div data-testid="home-initiatives">
        <CardState
          {...state}
          loading={state.loading || teams === undefined}
          errorTitle="Could not read the initiatives"
          isEmpty={v => v.length === 0}
          empty="No initiative includes your team's services."
        >
          {initiatives => (
            <ul className={classes.list}>
              {initiatives.map(i => (
                <li
                  key={i.id}
                  className={classes.item}
                  data-testid={`initiative-${i.id}`}
                >
                  <Typography variant="subtitle2">{i.title}</Typography>
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                  >
                    {i.scorecard.title ?? i.scorecard.id} at{' '}
                    {i.targetLevel.title} by {i.dueDate} (
                    {due(i.daysLeft, i.status)})
                  </Typography>
                  <LinearProgress
                    className={classes.bar}
                    variant="determinate"
                    value={i.percent}
                    color={i.status === 'overdue' ? 'secondary' : 'primary'}
                    aria-label={`${i.title}: ${i.percent}%`}
                  />
                  <Typography variant="caption">
                    {i.reached} of {i.entities} of your team's services there (
                    {i.percent}%)
                  </Typography>
                </li>
              ))}
            </ul>
          )}
        </CardState>
      </div>
    </InfoCard>
  );
}
