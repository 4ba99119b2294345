import {
  Content,
  ContentHeader,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useInsightsReport } from '../hooks/useInsightsReport';
import {
  EntitiesPerVersionTable,
  ServicesCreatedTable,
} from './AdoptionTables';
import { DoraTable } from './DoraTable';
import { FunnelTable } from './FunnelTable';
import { GoldenPathsTable } from './GoldenPathsTable';

const WINDOWS = [7, 30, 90, 365];

/** /insights: golden path usage, the adoption funnel and the DORA keys. */
export const InsightsPage = () => {
  const [days, setDays] = useState(90);
  const { value, loading, error } = useInsightsReport({ days });
  return (
    <Content>
      <ContentHeader title="Platform insights">
        <TextField
          select
          label="Window"
          value={days}
          onChange={e => setDays(Number(e.target.value))}
          variant="outlined"
          size="small"
          inputProps={{ 'data-testid': 'insights-window' }}
        >
          {WINDOWS.map(d => (
            <MenuItem key={d} value={d}>
              last {d} days
            </MenuItem>
          ))}
        </TextField>
      </ContentHeader>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={3} data-testid="insights-page">
          <Grid item xs={12}>
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="insights-events"
            >
              From {value.events.task} golden path tasks,{' '}
              {value.events.repository} repositories, {value.events.ci} CI
              results, {value.events.deployment} deployments and{' '}
              {value.events.incident} incidents since{' '}
              {new Date(value.window.from).toLocaleDateString()}.
            </Typography>
          </Grid>
          <Grid item xs={12}>
            <FunnelTable
              rows={value.funnel}
              environment={value.environments.funnel}
            />
          </Grid>
          <Grid item xs={12} lg={7}>
            <GoldenPathsTable rows={value.goldenPaths} />
          </Grid>
          <Grid item xs={12} lg={5}>
            <ServicesCreatedTable rows={value.servicesCreated} />
          </Grid>
          <Grid item xs={12}>
            <DoraTable
              rows={value.dora}
              environment={value.environments.dora}
            />
          </Grid>
          <Grid item xs={12} lg={6}>
            <EntitiesPerVersionTable rows={value.entitiesPerTemplateVersion} />
          </Grid>
        </Grid>
      )}
    </Content>
  );
};
