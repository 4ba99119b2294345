import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useEnvironments } from '../hooks/useEnvironments';
import { ComparisonCard } from './ComparisonCard';
import { EnvironmentSection } from './EnvironmentSection';

/** A component's Kubernetes tab: every environment side by side, then each in detail. */
export function KubernetesTab() {
  const { value, loading, error, retry } = useEnvironments();
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  return (
    <Grid container spacing={3}>
      {value.claimConflict && (
        <Grid item xs={12}>
          <Alert severity="error" data-testid="claim-conflict">
            <AlertTitle>Another entity claims this workload</AlertTitle>
            {value.claimConflict.message}
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <ComparisonCard rows={value.comparison} />
        <Button
          size="small"
          onClick={retry}
          disabled={loading}
          style={{ marginTop: 8 }}
        >
          Refresh
        </Button>
      </Grid>
      {value.environments.map(env => (
        <Grid item xs={12} key={env.environment}>
          <EnvironmentSection environment={env} />
        </Grid>
      ))}
    </Grid>
  );
}
