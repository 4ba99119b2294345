import { InfoCard } from '@backstage/core-components';
import {
  EntityRefLink,
  useStarredEntities,
} from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  item: { padding: theme.spacing(0.5, 0), overflowWrap: 'anywhere' },
}));

/** The entities I starred (the star on an entity page). */
export function StarredCard() {
  const classes = useStyles();
  const { starredEntities } = useStarredEntities();
  const refs = [...starredEntities].sort();
  return (
    <InfoCard title="Starred">
      <div data-testid="home-starred">
        {refs.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            Nothing starred yet: the star next to an entity's name keeps it
            here.
          </Typography>
        ) : (
          <ul className={classes.list}>
            {refs.map(ref => (
              <li key={ref} className={classes.item}>
                <EntityRefLink entityRef={ref} />
              </li>
            ))}
          </ul>
        )}
      </div>
    </InfoCard>
  );
}
