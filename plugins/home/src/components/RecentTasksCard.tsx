import {
  InfoCard,
  Link,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import { useRecentTasks } from '../hooks/useRecentTasks';
import { CardState } from './CardState';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    padding: theme.spacing(0.75, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  what: { overflowWrap: 'anywhere' },
}));

function Status({ status }: { status: string }) {
  switch (status) {
    case 'completed':
      return <StatusOK>completed</StatusOK>;
    case 'failed':
      return <StatusError>failed</StatusError>;
    case 'cancelled':
      return <StatusError>cancelled</StatusError>;
    case 'processing':
      return <StatusRunning>running</StatusRunning>;
    default:
      return <StatusPending>{status}</StatusPending>;
  }
}

/** The golden paths I ran lately, each linking to its task page. */
export function RecentTasksCard() {
  const classes = useStyles();
  const state = useRecentTasks(5);
  return (
    <InfoCard title="My recent tasks">
      <div data-testid="home-recent-tasks">
        <CardState
          {...state}
          errorTitle="Could not read your tasks"
          isEmpty={v => v.length === 0}
          empty={
            <>
              You have not run a golden path yet.{' '}
              <Link to="/create">Create a service</Link>.
            </>
          }
        >
          {tasks => (
            <ul className={classes.list}>
              {tasks.map(task => {
                const template = task.spec.templateInfo?.entity?.metadata;
                const name = (task.spec.parameters as { name?: unknown })?.name;
                return (
                  <li key={task.id} className={classes.item}>
                    <span className={classes.what}>
                      <Link to={`/create/tasks/${encodeURIComponent(task.id)}`}>
                        {template?.title ?? template?.name ?? 'Golden path'}
                        {typeof name === 'string' ? `: ${name}` : ''}
                      </Link>
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="div"
                      >
                        {new Date(task.createdAt).toLocaleString()}
                      </Typography>
                    </span>
                    <Status status={task.status} />
                  </li>
                );
              })}
            </ul>
          )}
        </CardState>
      </div>
    </InfoCard>
  );
}
