import { Table, type TableColumn } from '@backstage/core-components';
import type { InsightsReport } from '../api/types';
import { shortRef } from './format';

type Created = InsightsReport['servicesCreated'][number];
type PerVersion = InsightsReport['entitiesPerTemplateVersion'][number];

const createdColumns: TableColumn<Created>[] = [
  { title: 'Month', field: 'month' },
  { title: 'Team', render: r => shortRef(r.team) },
  { title: 'Services created', field: 'count', type: 'numeric' },
];

const versionColumns: TableColumn<PerVersion>[] = [
  { title: 'Golden path', render: r => shortRef(r.template) },
  { title: 'Version', field: 'version' },
  { title: 'Entities', field: 'entities', type: 'numeric' },
];

/** Services created per team and month. */
export const ServicesCreatedTable = ({ rows }: { rows: Created[] }) => (
  <div data-testid="insights-services-created">
    <Table<Created>
      title="Services created"
      subtitle="Repositories the golden paths created, per team and month"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={createdColumns}
      data={rows}
      emptyContent={<div style={{ padding: 16 }}>None in this window.</div>}
    />
  </div>
);

/** Catalog entities per template and template version. */
export const EntitiesPerVersionTable = ({ rows }: { rows: PerVersion[] }) => (
  <div data-testid="insights-template-versions">
    <Table<PerVersion>
      title="Entities per template version"
      subtitle="From the catalog (launchpad.io/template-version): who is behind the standard"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={versionColumns}
      data={rows}
      emptyContent={
        <div style={{ padding: 16 }}>No entity carries a template version.</div>
      }
    />
  </div>
);
