import type { Entity } from '@backstage/catalog-model';

/** One step of what will deploy a component, with where to look. */
export interface DeploymentStep {
  text: string;
  link?: { title: string; url: string };
}

const ARGO_SELECTOR = 'argocd/app-selector';
const ARGO_APP_NAME = 'argocd/app-name';
const SOURCE_LOCATION = 'backstage.io/source-location';
const TEMPLATE = 'launchpad.io/template';

/** The repository's address when it opens in a browser (http(s) only). */
function repositoryUrl(entity: Entity): string | undefined {
  const source = entity.metadata.annotations?.[SOURCE_LOCATION];
  if (!source?.startsWith('url:')) return undefined;
  try {
    const url = new URL(source.slice('url:'.length));
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What will deploy a component that runs nowhere yet, from its annotations:
 * the GitOps application that selects it (Argo CD), and the CI run that
 * builds its first image and proposes it to dev.
 */
export function deploymentPlan(entity: Entity): DeploymentStep[] {
  const annotations = entity.metadata.annotations ?? {};
  const selector = annotations[ARGO_SELECTOR];
  const appName = annotations[ARGO_APP_NAME];
  const repository = repositoryUrl(entity);
  const steps: DeploymentStep[] = [];
  steps.push({
    text: annotations[TEMPLATE]
      ? 'Its first CI run on the default branch builds the image, pushes it by digest and proposes that digest to dev by pull request; merging the pull request deploys dev.'
      : 'Its CI pipeline builds the image; the release is deployed once a digest is proposed to an environment.',
    ...(repository && {
      link: { title: 'Repository', url: repository },
    }),
  });
  if (selector || appName) {
    steps.push({
      text: `Argo CD deploys it from the platform's GitOps repository (platform/gitops): the applications ${
        selector ? `labelled ${selector}` : `named ${appName}`
      } sync each environment as its release arrives.`,
    });
  } else {
    steps.push({
      text: "No GitOps application selects it yet: add its Argo CD application to the platform's GitOps repository (platform/gitops), labelled backstage.io/kubernetes-id, or ask the platform team.",
    });
  }
  return steps;
}
