import { InfoCard, Link } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ComparisonRow } from '@internal/plugin-kubernetes-environments-common';
import { useTeamServices, type TeamService } from '../hooks/useTeamServices';
import { useWhatRunsWhere } from '../hooks/useWhatRunsWhere';
import { CardState } from './CardState';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  name: {
    flex: '1 1 200px',
    minWidth: 0,
    overflowWrap: 'anywhere',
    fontWeight: 500,
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  ok: {
    backgroundColor: theme.palette.success?.main ?? '#2e7d32',
    color: '#fff',
  },
  problems: { backgroundColor: theme.palette.error.main, color: '#fff' },
  pending: {},
}));

/** A chip's colour: healthy, problems, or anything else (not deployed, unknown). */
function chipClass(
  classes: ReturnType<typeof useStyles>,
  status: ComparisonRow['status'],
): string {
  if (status === 'ok') return classes.ok;
  if (status === 'problems') return classes.problems;
  return classes.pending;
}

const STATUS_WORDS: Record<ComparisonRow['status'], string> = {
  ok: 'healthy',
  problems: 'problems',
  'not-deployed': 'not deployed',
  unreachable: 'unreachable',
  'no-clusters': 'no cluster',
};

function Environments({ service }: { service: TeamService }) {
  const classes = useStyles();
  const deployable = Boolean(
    service.entity.metadata.annotations?.[KUBERNETES_ID],
  );
  const { loading, error, value } = useWhatRunsWhere(
    service.entityRef,
    deployable,
  );
  if (!deployable) return null;
  if (loading)
    return <Chip size="small" variant="outlined" label="environments…" />;
  if (error || !value)
    return (
      <Chip size="small" variant="outlined" label="environments unavailable" />
    );
  return (
    <span
      className={classes.chips}
      data-testid={`runs-where-${service.entity.metadata.name}`}
    >
      {value.map(row => {
        const tag = row.imageTags[0] ? ` ${row.imageTags[0]}` : '';
        const label = `${row.environment}: ${STATUS_WORDS[row.status]}${
          row.status === 'ok' || row.status === 'problems' ? tag : ''
        }`;
        const className = chipClass(classes, row.status);
        return (
          <Chip
            key={row.environment}
            size="small"
            className={className}
            variant={
              row.status === 'ok' || row.status === 'problems'
                ? 'default'
                : 'outlined'
            }
            label={label}
            title={row.worstProblem ?? label}
          />
        );
      })}
    </span>
  );
}

function ServiceRow({ service }: { service: TeamService }) {
  const classes = useStyles();
  const { name } = service.entity.metadata;
  return (
    <li className={classes.row} data-testid={`team-service-${name}`}>
      <span className={classes.name}>
        <EntityRefLink entityRef={service.entity} />
      </span>
      <span className={classes.chips}>
        {service.levels.length ? (
          service.levels.map(l => (
            <Chip
              key={l.scorecard}
              size="small"
              color={l.levelId ? 'primary' : 'default'}
              label={`${l.scorecard}: ${l.level}`}
              data-testid={`level-${name}`}
            />
          ))
        ) : (
          <Chip size="small" variant="outlined" label="not scored yet" />
        )}
      </span>
      <Environments service={service} />
    </li>
  );
}

/** My teams' components, each with its scorecard level and what runs where. */
export function TeamServicesCard({ teams }: { teams: string[] | undefined }) {
  const classes = useStyles();
  const state = useTeamServices(teams);
  return (
    <InfoCard
      title="My team's services"
      subheader="Scorecard level and what runs in each environment"
    >
      <div data-testid="home-team-services">
        <CardState
          {...state}
          loading={state.loading || teams === undefined}
          errorTitle="Could not read your team's services"
          isEmpty={v => v.length === 0}
          empty={
            teams?.length ? (
              <>
                Your team owns no components yet.{' '}
                <Link to="/create">Create one from a golden path</Link>.
              </>
            ) : (
              'You are not a member of any team in the catalog.'
            )
          }
        >
          {services => (
            <ul className={classes.list}>
              {services.map(s => (
                <ServiceRow key={s.entityRef} service={s} />
              ))}
            </ul>
          )}
        </CardState>
        {teams?.length ? (
          <Typography variant="caption" color="textSecondary">
            Team: {teams.map(t => t.replace(/^group:default\//, '')).join(', ')}
          </Typography>
        ) : null}
      </div>
    </InfoCard>
  );
}
