import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { fillLinkTemplate } from './fillLinkTemplate';

/** A link to one of the platform's tools for the current entity. */
export interface OperationsLink {
  title: string;
  url: string;
}

/**
 * The current entity's Argo CD and dashboard links, from the
 * `launchpad.links.argocd` / `launchpad.links.dashboard` URL templates; a
 * link whose template is unset is left out.
 */
export function useOperationsLinks(): {
  argocd?: OperationsLink;
  dashboard?: OperationsLink;
} {
  const config = useApi(configApiRef);
  const { entity } = useEntity();
  const argocd = fillLinkTemplate(
    config.getOptionalString('launchpad.links.argocd'),
    entity,
  );
  const dashboard = fillLinkTemplate(
    config.getOptionalString('launchpad.links.dashboard'),
    entity,
  );
  return {
    ...(argocd && { argocd: { title: 'Open in Argo CD', url: argocd } }),
    ...(dashboard && { dashboard: { title: 'Dashboard', url: dashboard } }),
  };
}
