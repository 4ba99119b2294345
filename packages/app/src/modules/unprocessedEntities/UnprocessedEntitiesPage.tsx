import { Content, Progress, WarningPanel } from '@backstage/core-components';
import { UnprocessedEntitiesContent } from '@backstage/plugin-catalog-unprocessed-entities';
import { unprocessedEntitiesReadPermission } from '@backstage/plugin-catalog-unprocessed-entities-common';
import { usePermission } from '@backstage/plugin-permission-react';

/**
 * Entities the catalog could not process, with their errors: internals
 * (raw entities, processor errors), for platform admins. The backend
 * decides (catalog.entities.unprocessed.read); this page only says so.
 */
export function UnprocessedEntitiesPage() {
  const { loading, allowed } = usePermission({
    permission: unprocessedEntitiesReadPermission,
  });
  if (loading) return <Progress />;
  return (
    <Content>
      {allowed ? (
        <UnprocessedEntitiesContent />
      ) : (
        <WarningPanel
          severity="info"
          title="For platform admins"
          message="This page shows the catalog's internals (raw entities and processing errors). Ask the platform team (group:default/platform) about an entity that does not show up."
        />
      )}
    </Content>
  );
}
