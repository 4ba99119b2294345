import { Link } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { OperationsLink } from '../links/useOperationsLinks';
import { deploymentPlan } from './deploymentPlan';

/**
 * The component runs in none of the configured clusters: what will deploy
 * it (its GitOps application, its first CI run), not an empty table.
 */
export function NotDeployedYet({
  environments,
  argocd,
}: {
  environments: string[];
  argocd?: OperationsLink;
}) {
  const { entity } = useEntity();
  const plan = deploymentPlan(entity);
  return (
    <Alert severity="info" data-testid="not-deployed">
      <AlertTitle>Not deployed yet</AlertTitle>
      Nothing of {entity.metadata.name} runs in{' '}
      {environments.length ? environments.join(', ') : 'any cluster'} yet.
      <ul style={{ margin: '8px 0 0', paddingLeft: 20 }}>
        {plan.map(step => (
          <li key={step.text}>
            {step.text}
            {step.link && (
              <>
                {' '}
                <Link to={step.link.url}>{step.link.title}</Link>
              </>
            )}
          </li>
        ))}
        {argocd && (
          <li>
            Watch it arrive: <Link to={argocd.url}>{argocd.title}</Link>
          </li>
        )}
      </ul>
    </Alert>
  );
}
