import { Table, type TableColumn } from '@backstage/core-components';
import type { InsightsReport } from '../api/types';
import { formatDuration, formatPercent, shortRef } from './format';

type Row = InsightsReport['goldenPaths'][number];

const columns: TableColumn<Row>[] = [
  { title: 'Golden path', render: r => shortRef(r.template) },
  { title: 'Runs', field: 'runs', type: 'numeric' },
  { title: 'Completed', field: 'completed', type: 'numeric' },
  { title: 'Failed', field: 'failed', type: 'numeric' },
  {
    title: 'Success rate',
    render: r => formatPercent(r.successRate),
    type: 'numeric',
  },
  {
    title: 'Median duration',
    render: r => formatDuration(r.medianDurationMs),
    type: 'numeric',
  },
];

/** Runs, success rate and median duration per golden path. */
export const GoldenPathsTable = ({ rows }: { rows: Row[] }) => (
  <div data-testid="insights-golden-paths">
    <Table<Row>
      title="Golden paths"
      subtitle="Scaffolder runs in the window"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={rows}
      emptyContent={
        <div style={{ padding: 16 }}>No golden path ran in this window.</div>
      }
    />
  </div>
);
