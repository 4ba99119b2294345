import type { Entity } from '@backstage/catalog-model';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const PLACEHOLDER = /\{(name|namespace|kind|kubernetesId)\}/g;

/**
 * A configured URL template (`launchpad.links.*`) filled in for one entity:
 * `{name}`, `{namespace}`, `{kind}` (lowercase) and `{kubernetesId}` (the
 * annotation, else the name), each URL-encoded so an entity's name cannot
 * change the link's host or path. Undefined when the template is unset or
 * does not give an absolute http(s) URL: a link that cannot open is hidden.
 */
export function fillLinkTemplate(
  template: string | undefined,
  entity: Entity,
): string | undefined {
  if (!template) return undefined;
  const values: Record<string, string> = {
    name: entity.metadata.name,
    namespace: entity.metadata.namespace ?? 'default',
    kind: entity.kind.toLowerCase(),
    kubernetesId:
      entity.metadata.annotations?.[KUBERNETES_ID] || entity.metadata.name,
  };
  const filled = template.replace(PLACEHOLDER, (_, key: string) =>
    encodeURIComponent(values[key]),
  );
  try {
    const url = new URL(filled);
    return url.protocol === 'https:' || url.protocol === 'http:'
      ? url.toString()
      : undefined;
  } catch {
    return undefined;
  }
}
