import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useEnvironments } from '../hooks/useEnvironments';
import { useOperationsLinks } from '../links/useOperationsLinks';
import { ComparisonCard } from './ComparisonCard';
import { EnvironmentSection } from './EnvironmentSection';
import { NotDeployedYet } from './NotDeployedYet';
import { notDeployedAnywhere } from './notDeployedAnywhere';

/** A component's Kubernetes tab: every environment side by side, then each in detail. */
export function KubernetesTab() {
  const { value, loading, error, retry } = useEnvironments();
  const links = useOperationsLinks();
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const notDeployed = notDeployedAnywhere(value);
  return (
    <Grid container spacing={3}>
      {notDeployed && (
        <Grid item xs={12}>
          <NotDeployedYet environments={notDeployed} argocd={links.argocd} />
        </Grid>
      )}
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
        {[links.argocd, links.dashboard].map(
          link =>
            link && (
              <Button
                key={link.url}
                size="small"
                href={link.url}
                target="_blank"
                rel="noopener noreferrer"
                style={{ marginTop: 8 }}
              >
                {link.title}
              </Button>
            ),
        )}
      </Grid>
      {value.environments.map(env => (
        <Grid item xs={12} key={env.environment}>
          <EnvironmentSection environment={env} />
        </Grid>
      ))}
    </Grid>
  );
}
