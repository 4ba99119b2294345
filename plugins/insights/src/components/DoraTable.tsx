import { Table, type TableColumn } from '@backstage/core-components';
import type { InsightsReport } from '../api/types';
import { formatDuration, formatPercent, shortRef } from './format';

type Row = InsightsReport['dora'][number];

const columns: TableColumn<Row>[] = [
  { title: 'Service', field: 'service' },
  { title: 'Team', render: r => (r.team ? shortRef(r.team) : '—') },
  {
    title: 'Deployment frequency',
    render: r => `${r.deploymentsPerWeek.toFixed(1)} / week (${r.deployments})`,
    type: 'numeric',
  },
  {
    title: 'Lead time for changes',
    render: r => formatDuration(r.leadTimeMs),
    type: 'numeric',
  },
  {
    title: 'Change failure rate',
    render: r => formatPercent(r.changeFailureRate),
    type: 'numeric',
  },
  {
    title: 'Time to restore',
    render: r => formatDuration(r.timeToRestoreMs),
    type: 'numeric',
  },
];

/** The four DORA keys per service. */
export const DoraTable = ({
  rows,
  environment,
}: {
  rows: Row[];
  environment: string;
}) => (
  <div data-testid="insights-dora">
    <Table<Row>
      title="DORA keys"
      subtitle={`Per service in ${environment}, from deployments, incidents and CI runs; nothing entered by hand`}
      options={{
        paging: rows.length > 20,
        pageSize: 20,
        search: true,
        padding: 'dense',
      }}
      columns={columns}
      data={rows}
      emptyContent={
        <div style={{ padding: 16 }}>
          No deployment to {environment} in this window.
        </div>
      }
    />
  </div>
);
