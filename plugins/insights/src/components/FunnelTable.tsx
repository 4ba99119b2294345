import { Table, type TableColumn } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { InsightsReport } from '../api/types';
import { formatDuration, shortRef } from './format';

type Row = InsightsReport['funnel'][number];

const Step = ({
  count,
  of,
  medianMs,
}: {
  count: number;
  of: number;
  medianMs?: number;
}) => (
  <div>
    <strong>{count}</strong>
    <Typography variant="caption" color="textSecondary" component="span">
      {' '}
      {of ? `(${Math.round((count / of) * 100)} %)` : ''}
    </Typography>
    <Typography variant="caption" display="block" color="textSecondary">
      median {formatDuration(medianMs)}
    </Typography>
  </div>
);

/** Task → repository → first green CI → first healthy deployment, per template and team. */
export const FunnelTable = ({
  rows,
  environment,
}: {
  rows: Row[];
  environment: string;
}) => {
  const columns: TableColumn<Row>[] = [
    { title: 'Golden path', render: r => shortRef(r.template) },
    { title: 'Team', render: r => shortRef(r.team) },
    { title: 'Tasks', field: 'tasks', type: 'numeric' },
    {
      title: 'Repository',
      render: r => (
        <Step
          count={r.repositories}
          of={r.tasks}
          medianMs={r.medianMs.taskToRepository}
        />
      ),
    },
    {
      title: 'First green CI',
      render: r => (
        <Step
          count={r.greenCi}
          of={r.tasks}
          medianMs={r.medianMs.repositoryToGreenCi}
        />
      ),
    },
    {
      title: `First healthy in ${environment}`,
      render: r => (
        <Step
          count={r.healthyDeployments}
          of={r.tasks}
          medianMs={r.medianMs.greenCiToHealthyDeployment}
        />
      ),
    },
  ];
  return (
    <div data-testid="insights-funnel">
      <Table<Row>
        title="Adoption funnel"
        subtitle={`Each step counts the tasks that reached it; the median is the time from the step before. Last step: ${environment}.`}
        options={{ paging: false, search: false, padding: 'dense' }}
        columns={columns}
        data={rows}
        emptyContent={
          <div style={{ padding: 16 }}>No golden path task in this window.</div>
        }
      />
    </div>
  );
};
