import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import {
  KubernetesEnvironmentsClient,
  kubernetesEnvironmentsApiRef,
} from './api/KubernetesEnvironmentsClient';

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kubernetesEnvironmentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new KubernetesEnvironmentsClient(deps),
    }),
});

/** Replaces Backstage's own Kubernetes tab (disabled in app-config.yaml). */
const kubernetesTab = EntityContentBlueprint.make({
  name: 'kubernetes',
  params: {
    path: 'kubernetes',
    title: 'Kubernetes',
    group: 'deployment',
    filter: {
      $any: [
        {
          [`metadata.annotations.${KUBERNETES_ANNOTATION}`]: { $exists: true },
        },
        {
          [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION}`]:
            { $exists: true },
        },
      ],
    },
    loader: () =>
      import('./components/KubernetesTab').then(m => <m.KubernetesTab />),
  },
});

/** Kubernetes per environment: dev, stage and prod side by side, with logs for owners. */
export default createFrontendPlugin({
  pluginId: 'kubernetes-environments',
  extensions: [api, kubernetesTab],
});
