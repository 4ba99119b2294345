import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type { ComparisonRow } from '@internal/plugin-kubernetes-environments-common';
import { STATUS_TEXT } from './format';

function Status({ row }: { row: ComparisonRow }) {
  const text = STATUS_TEXT[row.status];
  switch (row.status) {
    case 'ok':
      return <StatusOK>{text}</StatusOK>;
    case 'problems':
      return <StatusError>{text}</StatusError>;
    case 'unreachable':
      return <StatusWarning>{text}</StatusWarning>;
    default:
      return <StatusPending>{text}</StatusPending>;
  }
}

function Argo({ argo }: { argo: ComparisonRow['argo'] }) {
  if (!argo) return <>—</>;
  const bad = argo.syncStatus !== 'Synced' || argo.healthStatus !== 'Healthy';
  const text = `${argo.syncStatus} · ${argo.healthStatus}`;
  return bad ? (
    <StatusWarning>{text}</StatusWarning>
  ) : (
    <StatusOK>{text}</StatusOK>
  );
}

const columns: TableColumn<ComparisonRow>[] = [
  { title: 'Environment', field: 'environment', highlight: true },
  { title: 'Status', render: row => <Status row={row} /> },
  {
    title: 'Image tag',
    render: row => (row.imageTags.length ? row.imageTags.join(', ') : '—'),
  },
  {
    title: 'Replicas ready',
    render: row =>
      row.replicas.desired || row.replicas.ready
        ? `${row.replicas.ready} / ${row.replicas.desired}`
        : '—',
  },
  { title: 'Argo CD (sync · health)', render: row => <Argo argo={row.argo} /> },
  { title: 'Restarts', field: 'restarts', type: 'numeric' },
  { title: 'Worst problem', render: row => row.worstProblem ?? '' },
];

/** "What runs where": one row per environment. */
export function ComparisonCard({ rows }: { rows: ComparisonRow[] }) {
  return (
    <InfoCard
      title="What runs where"
      subheader="Each environment side by side"
      noPadding
    >
      <Table<ComparisonRow>
        options={{
          paging: false,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={columns}
        data={rows}
      />
    </InfoCard>
  );
}
