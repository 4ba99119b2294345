import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  ArgoApplicationView,
  ClusterView,
  DeploymentView,
  EnvironmentView,
  EventView,
  PodView,
  ReplicaSetView,
} from '@internal/plugin-kubernetes-environments-common';
import { useState } from 'react';
import { useCanReadLogs } from '../hooks/useEnvironments';
import { age } from './format';
import { columnsFor, useNarrow } from './narrowColumns';
import { PodLogsDialog } from './PodLogsDialog';

const dense = {
  paging: false,
  search: false,
  toolbar: false,
  padding: 'dense',
} as const;

function PodStatus({ pod }: { pod: PodView }) {
  if (pod.status === 'Running' && pod.containers.every(c => c.ready))
    return <StatusOK>Running</StatusOK>;
  if (pod.status === 'Running')
    return <StatusWarning>Running, not ready</StatusWarning>;
  if (pod.status === 'Completed' || pod.status === 'Succeeded')
    return <StatusOK>{pod.status}</StatusOK>;
  return <StatusError>{pod.status}</StatusError>;
}

function PodsTable({ cluster }: { cluster: ClusterView }) {
  const canReadLogs = useCanReadLogs();
  const narrow = useNarrow();
  const [logsOf, setLogsOf] = useState<PodView>();
  const columns: TableColumn<PodView>[] = [
    { title: 'Pod', field: 'name', highlight: true },
    { title: 'Status', render: pod => <PodStatus pod={pod} /> },
    { title: 'Ready', field: 'ready' },
    { title: 'Restarts', field: 'restarts', type: 'numeric' },
    { title: 'Age', render: pod => age(pod.startedAt) },
    { title: 'Node', render: pod => pod.node ?? '—' },
    {
      title: 'Logs',
      render: pod => {
        const button = (
          <Button
            size="small"
            variant="outlined"
            disabled={!canReadLogs.allowed}
            onClick={() => setLogsOf(pod)}
            aria-label={`Logs of ${pod.name}`}
          >
            Logs
          </Button>
        );
        return canReadLogs.allowed ? (
          button
        ) : (
          <Tooltip title={canReadLogs.refusal ?? ''}>
            <span>{button}</span>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <>
      <Table<PodView>
        title={`Pods (${cluster.pods.length})`}
        options={{ ...dense, toolbar: true }}
        columns={columnsFor(columns, narrow, ['Pod', 'Status', 'Logs'])}
        data={cluster.pods}
      />
      {canReadLogs.refusal && cluster.pods.length > 0 && (
        <Typography
          variant="body2"
          color="textSecondary"
          data-testid="logs-refused"
          style={{ marginTop: 8 }}
        >
          {canReadLogs.refusal}
        </Typography>
      )}
      {logsOf && (
        <PodLogsDialog
          cluster={cluster.name}
          pod={logsOf}
          onClose={() => setLogsOf(undefined)}
        />
      )}
    </>
  );
}

const deploymentColumns: TableColumn<DeploymentView>[] = [
  { title: 'Deployment', field: 'name', highlight: true },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Image', render: d => d.images.join(', ') },
  {
    title: 'Ready / desired',
    render: d => `${d.replicas.ready} / ${d.replicas.desired}`,
  },
  { title: 'Up to date', render: d => String(d.replicas.updated) },
  { title: 'Age', render: d => age(d.createdAt) },
];

const replicaSetColumns: TableColumn<ReplicaSetView>[] = [
  { title: 'ReplicaSet', field: 'name' },
  {
    title: 'Revision',
    render: rs => (rs.revision !== undefined ? String(rs.revision) : '—'),
  },
  { title: 'Image tag', render: rs => rs.imageTags.join(', ') },
  {
    title: 'Ready / desired',
    render: rs => `${rs.replicas.ready} / ${rs.replicas.desired}`,
  },
  { title: 'Age', render: rs => age(rs.createdAt) },
];

const argoColumns: TableColumn<ArgoApplicationView>[] = [
  { title: 'Argo CD application', field: 'name', highlight: true },
  {
    title: 'Sync',
    render: a =>
      a.syncStatus === 'Synced' ? (
        <StatusOK>Synced</StatusOK>
      ) : (
        <StatusWarning>{a.syncStatus}</StatusWarning>
      ),
  },
  {
    title: 'Health',
    render: a => <HealthStatus health={a.healthStatus} />,
  },
  { title: 'Revision', render: a => a.revision?.slice(0, 7) ?? '—' },
  { title: 'Sync policy', render: a => (a.autoSync ? 'automatic' : 'manual') },
];

/** An Argo CD health status, coloured by what it means. */
function HealthStatus({ health }: { health: string }) {
  if (health === 'Healthy') return <StatusOK>Healthy</StatusOK>;
  if (health === 'Degraded' || health === 'Missing')
    return <StatusError>{health}</StatusError>;
  return <StatusWarning>{health}</StatusWarning>;
}

/** An autoscaler's CPU target and reading, as a suffix of its line. */
function cpuText(cpu?: { target?: number; current?: number }): string {
  if (cpu?.target === undefined) return '';
  if (cpu.current === undefined)
    return `, CPU target ${cpu.target}% (no current reading)`;
  return `, CPU ${cpu.current}% of ${cpu.target}% target`;
}

const eventColumns: TableColumn<EventView>[] = [
  { title: 'Reason', field: 'reason' },
  { title: 'Object', field: 'object' },
  { title: 'Message', field: 'message' },
  { title: 'Count', field: 'count', type: 'numeric' },
  { title: 'Last seen', render: e => age(e.lastSeen) },
];

function Other({ cluster }: { cluster: ClusterView }) {
  const hpa = cluster.horizontalPodAutoscalers.map(
    h =>
      `${h.name}: ${h.currentReplicas} replicas (min ${h.minReplicas}, max ${
        h.maxReplicas
      })${cpuText(h.cpu)}`,
  );
  const services = cluster.services.map(
    s =>
      `${s.name} (${s.type}${
        s.clusterIP ? ` ${s.clusterIP}` : ''
      }): ${s.ports.join(', ')}`,
  );
  const ingresses = cluster.ingresses.map(
    i => `${i.name}: ${i.hosts.join(', ')}`,
  );
  const rows: Array<[string, string[]]> = [
    ['Autoscaling', hpa],
    ['Services', services],
    ['Ingress', ingresses],
  ];
  return (
    <Grid container spacing={2}>
      {rows.map(([title, lines]) => (
        <Grid item xs={12} md={4} key={title}>
          <Typography variant="subtitle2">{title}</Typography>
          {lines.length ? (
            lines.map(l => (
              <Typography variant="body2" key={l}>
                {l}
              </Typography>
            ))
          ) : (
            <Typography variant="body2" color="textSecondary">
              none
            </Typography>
          )}
        </Grid>
      ))}
    </Grid>
  );
}

function ClusterDetails({ cluster }: { cluster: ClusterView }) {
  const narrow = useNarrow();
  const nothing =
    cluster.status !== 'unreachable' &&
    cluster.deployments.length === 0 &&
    cluster.pods.length === 0;
  return (
    <Grid container spacing={2}>
      {cluster.errors.map(e => (
        <Grid item xs={12} key={e}>
          <Alert severity={cluster.status === 'partial' ? 'warning' : 'error'}>
            {e}
          </Alert>
        </Grid>
      ))}
      {nothing && (
        <Grid item xs={12}>
          <Typography color="textSecondary">
            Nothing of this component runs in this cluster.
          </Typography>
        </Grid>
      )}
      {cluster.problems.map(p => (
        <Grid item xs={12} key={`${p.kind}/${p.name}/${p.message}`}>
          <Alert
            severity={p.severity >= 5 || p.kind === 'Pod' ? 'error' : 'warning'}
            data-testid="problem"
          >
            <strong>
              {p.names.length > 1
                ? `${p.names.length} ${p.kind}s (${p.names.join(', ')})`
                : `${p.kind} ${p.name}`}
              :
            </strong>{' '}
            {p.message}
            {p.explanation && <div>{p.explanation}</div>}
            {p.actions.length > 0 && (
              <div>What to do: {p.actions.join(' ')}</div>
            )}
          </Alert>
        </Grid>
      ))}
      {cluster.applications.length > 0 && (
        <Grid item xs={12}>
          <Table<ArgoApplicationView>
            options={dense}
            columns={columnsFor(argoColumns, narrow, [
              'Argo CD application',
              'Sync',
              'Health',
            ])}
            data={cluster.applications}
          />
        </Grid>
      )}
      {cluster.deployments.length > 0 && (
        <Grid item xs={12}>
          <Table<DeploymentView>
            options={dense}
            columns={columnsFor(deploymentColumns, narrow, [
              'Deployment',
              'Ready / desired',
            ])}
            data={cluster.deployments}
          />
        </Grid>
      )}
      {cluster.replicaSets.length > 0 && (
        <Grid item xs={12}>
          <Table<ReplicaSetView>
            options={dense}
            columns={columnsFor(replicaSetColumns, narrow, [
              'Revision',
              'Image tag',
              'Ready / desired',
            ])}
            data={cluster.replicaSets}
          />
        </Grid>
      )}
      {cluster.pods.length > 0 && (
        <Grid item xs={12}>
          <PodsTable cluster={cluster} />
        </Grid>
      )}
      {cluster.status !== 'unreachable' && !nothing && (
        <Grid item xs={12}>
          <Other cluster={cluster} />
        </Grid>
      )}
      {cluster.warningEvents.length > 0 && (
        <Grid item xs={12}>
          <Table<EventView>
            title="Recent warning events"
            options={{ ...dense, toolbar: true }}
            columns={columnsFor(eventColumns, narrow, ['Reason', 'Message'])}
            data={cluster.warningEvents}
          />
        </Grid>
      )}
    </Grid>
  );
}

/** One environment: each of its clusters with workloads, problems, events and logs. */
export function EnvironmentSection({
  environment,
}: {
  environment: EnvironmentView;
}) {
  if (environment.clusters.length === 0) {
    return (
      <InfoCard title={environment.environment}>
        <Typography color="textSecondary">
          No cluster is configured for this environment.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <>
      {environment.clusters.map(cluster => (
        <InfoCard
          key={cluster.name}
          title={environment.environment}
          subheader={`Cluster ${cluster.title ?? cluster.name}`}
        >
          <div data-testid={`environment-${environment.environment}`}>
            <ClusterDetails cluster={cluster} />
          </div>
        </InfoCard>
      ))}
    </>
  );
}
