import type { Entity } from '@backstage/catalog-model';

/** An action on an entity whose permission the "Your access" card explains. */
export interface EntityAction {
  label: string;
  permission: string;
}

/** The writes (and owner-only reads) a person may want to do with this entity. */
export function entityActions(entity: Entity): EntityAction[] {
  const actions: EntityAction[] = [
    { label: 'Refresh from its source', permission: 'catalog.entity.refresh' },
    { label: 'Unregister or delete', permission: 'catalog.entity.delete' },
  ];
  if (entity.metadata.annotations?.['backstage.io/kubernetes-id']) {
    actions.push({
      label: 'Read pod logs',
      permission: 'launchpad.kubernetes.logs.read',
    });
  }
  if (entity.kind.toLocaleLowerCase('en-US') === 'template') {
    actions.push(
      { label: 'Run this golden path', permission: 'scaffolder.task.create' },
      {
        label: 'Dry-run this template',
        permission: 'scaffolder.template.dry-run',
      },
      {
        label: 'Edit templates in the editor',
        permission: 'scaffolder.template.management',
      },
    );
  }
  return actions;
}
