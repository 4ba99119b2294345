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
import { makeStyles, type Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
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

const useStyles = makeStyles(theme => ({
  stacked: { margin: 0, padding: theme.spacing(1, 2) },
  environment: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  name: { fontWeight: 700, margin: theme.spacing(0, 0, 0.5) },
  pair: {
    display: 'grid',
    gridTemplateColumns: '9em 1fr',
    gap: theme.spacing(1),
    margin: 0,
    overflowWrap: 'anywhere',
  },
  label: { color: theme.palette.text.secondary },
}));

/** On a phone: each environment as a list of label and value, no table. */
function StackedComparison({ rows }: { rows: ComparisonRow[] }) {
  const classes = useStyles();
  return (
    <div className={classes.stacked} data-testid="comparison-stacked">
      {rows.map(row => (
        <section key={row.environment} className={classes.environment}>
          <h3 className={classes.name}>{row.environment}</h3>
          {columns.slice(1).map(column => {
            const value = column.render
              ? column.render(row, 'row')
              : String(row[column.field as keyof ComparisonRow] ?? '');
            if (value === '' || value === null) return null;
            return (
              <dl className={classes.pair} key={String(column.title)}>
                <dt className={classes.label}>{column.title}</dt>
                <dd style={{ margin: 0 }}>{value}</dd>
              </dl>
            );
          })}
        </section>
      ))}
    </div>
  );
}

/** "What runs where": one row per environment (stacked on narrow screens). */
export function ComparisonCard({ rows }: { rows: ComparisonRow[] }) {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
  return narrow ? (
    <InfoCard title="What runs where" noPadding>
      <StackedComparison rows={rows} />
    </InfoCard>
  ) : (
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
