import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { DependencyRow } from './dependencyRows';
import { useDependencies } from './useDependencies';

function DependencyList({
  rows,
  empty,
  testId,
}: {
  rows: DependencyRow[];
  empty: string;
  testId: string;
}) {
  if (rows.length === 0)
    return (
      <Typography color="textSecondary" data-testid={testId}>
        {empty}
      </Typography>
    );
  return (
    <List dense disablePadding data-testid={testId}>
      {rows.map(row => (
        <ListItem key={row.entityRef} disableGutters>
          <ListItemText
            style={{ overflowWrap: 'anywhere' }}
            primary={<EntityRefLink entityRef={row.entityRef} />}
            secondary={`${row.kind}${row.type ? ` · ${row.type}` : ''} — ${
              row.how
            }`}
          />
        </ListItem>
      ))}
    </List>
  );
}

/** The Dependencies tab: what the entity needs, and who needs it. */
export function DependenciesContent() {
  const { value, loading, error } = useDependencies();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={`Depends on (${value.dependsOn.length})`}
          subheader="Components, resources and APIs it needs"
        >
          <DependencyList
            rows={value.dependsOn}
            empty="It depends on nothing in the catalog."
            testId="depends-on"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard
          title={`Used by (${value.usedBy.length})`}
          subheader="What breaks or changes when it does"
        >
          <DependencyList
            rows={value.usedBy}
            empty="Nothing in the catalog depends on it."
            testId="used-by"
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
