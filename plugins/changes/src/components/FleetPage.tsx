import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Button, Chip, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { startTransition, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Behind, FleetService, TemplateSummary } from '../api/types';
import { proposalLink } from '../domain/proposalLink';
import { useFleet, useProposeUpgrades, useTemplates } from '../hooks/useFleet';
import { changeRouteRef } from '../routes';
import { StatusChip } from './StatusChip';
import { VisibleText } from './VisibleText';

const BEHIND_COLOR: Record<Behind, string> = {
  current: '#2e7d32',
  patch: '#9e9d24',
  minor: '#ef6c00',
  major: '#c62828',
  unknown: '#616161',
};

const BehindChip = ({ behind }: { behind: Behind }) => (
  <Chip
    size="small"
    label={
      ['current', 'unknown'].includes(behind) ? behind : `${behind} behind`
    }
    style={{ background: BEHIND_COLOR[behind] ?? '#616161', color: '#fff' }}
  />
);

/** The proposal of one service: its status, conflicts and a link to it. */
const ProposalCell = ({ service }: { service: FleetService }) => {
  const changeLink = useRouteRef(changeRouteRef);
  const p = service.proposal;
  if (!p)
    return (
      <Typography variant="body2" color="textSecondary">
        none
      </Typography>
    );
  const link = proposalLink(p, window.location.origin);
  const to = link.internal
    ? changeLink?.({ id: p.id }) ?? `/changes/${p.id}`
    : link.href;
  return (
    <Box>
      <StatusChip status={p.status} />{' '}
      {to ? <Link to={to}>open the change</Link> : null}
      {p.conflicts.length > 0 && (
        <Typography variant="body2" color="error" data-testid="fleet-conflicts">
          {`${p.conflicts.length} conflict${
            p.conflicts.length === 1 ? '' : 's'
          }: `}
          <VisibleText text={p.conflicts.slice(0, 5).join(', ')} />
          {p.conflicts.length > 5 ? ` and ${p.conflicts.length - 5} more` : ''}
        </Typography>
      )}
    </Box>
  );
};

const TemplateFleet = ({
  templateRef,
  onBack,
}: {
  templateRef: string;
  onBack: () => void;
}) => {
  const { value, loading, error, retry } = useFleet(templateRef);
  const upgrades = useProposeUpgrades(retry);
  if (loading && !value) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const behind = value.services.filter(s => s.behind !== 'current').length;
  const columns: TableColumn<FleetService>[] = [
    {
      title: 'Service',
      field: 'entityRef',
      render: s => <EntityRefLink entityRef={s.entityRef} />,
    },
    {
      title: 'Owner',
      field: 'owner',
      render: s => <EntityRefLink entityRef={s.owner} defaultKind="group" />,
    },
    {
      title: 'Version',
      field: 'version',
      render: s => <VisibleText text={s.version ?? 'unknown'} />,
    },
    {
      title: 'Behind',
      field: 'behind',
      render: s => <BehindChip behind={s.behind} />,
    },
    { title: 'Upgrade proposal', render: s => <ProposalCell service={s} /> },
    ...(upgrades.allowed
      ? [
          {
            title: '',
            render: (s: FleetService) =>
              s.behind !== 'current' && s.proposal?.status !== 'open' ? (
                <Button
                  size="small"
                  variant="outlined"
                  disabled={!!upgrades.running}
                  onClick={() =>
                    upgrades.propose({ entityRef: s.entityRef }, s.entityRef)
                  }
                >
                  Propose upgrade
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Box data-testid="template-fleet">
      <Button size="small" onClick={onBack}>
        ← All templates
      </Button>
      <Box display="flex" alignItems="center" style={{ gap: 12 }} my={1}>
        <Typography variant="h5" component="h2">
          <VisibleText text={value.template} />
        </Typography>
        <Chip size="small" label={`current ${value.currentVersion}`} />
        <Typography variant="body2">
          {`${value.services.length} services, ${behind} behind`}
        </Typography>
        <Box flexGrow={1} />
        {upgrades.allowed && behind > 0 && (
          <Button
            variant="contained"
            color="primary"
            disabled={!!upgrades.running}
            onClick={() =>
              upgrades.propose({ template: value.template }, value.template)
            }
          >
            {upgrades.running === value.template
              ? 'Proposing…'
              : 'Propose upgrades for all'}
          </Button>
        )}
      </Box>
      {upgrades.message && (
        <Alert
          severity={upgrades.message.severity}
          data-testid="propose-message"
        >
          {upgrades.message.text}
        </Alert>
      )}
      <Table<FleetService>
        options={{
          paging: value.services.length > 50,
          pageSize: 50,
          search: true,
          padding: 'dense',
        }}
        columns={columns}
        data={value.services}
      />
    </Box>
  );
};

const TemplateList = ({ onPick }: { onPick: (ref: string) => void }) => {
  const { value, loading, error } = useTemplates();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const columns: TableColumn<TemplateSummary>[] = [
    {
      title: 'Template',
      field: 'title',
      render: t => (
        <Button size="small" color="primary" onClick={() => onPick(t.ref)}>
          <VisibleText text={t.title || t.ref} />
        </Button>
      ),
    },
    { title: 'Ref', field: 'ref', render: t => <VisibleText text={t.ref} /> },
    { title: 'Current version', field: 'currentVersion' },
    { title: 'Services', field: 'services', type: 'numeric' },
    { title: 'Behind', field: 'behind', type: 'numeric' },
  ];
  return (
    <Table<TemplateSummary>
      options={{
        paging: false,
        search: false,
        toolbar: false,
        padding: 'dense',
      }}
      columns={columns}
      data={value ?? []}
    />
  );
};

/** The fleet per template: which services run which version, how far behind, and their upgrade proposals. */
export const FleetView = () => {
  const [params, setParams] = useSearchParams();
  const template = params.get('template') ?? undefined;
  const go = (next: Record<string, string>) =>
    startTransition(() => setParams(next));
  return (
    // links to entities load lazily; the boundary keeps that inside the view
    <Suspense fallback={<Progress />}>
      {template ? (
        <TemplateFleet templateRef={template} onBack={() => go({})} />
      ) : (
        <TemplateList onPick={ref => go({ template: ref })} />
      )}
    </Suspense>
  );
};

/** /template-upgrades */
export function FleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Template upgrades"
        subtitle="Services created from each golden path: their version, how far behind, and their upgrade proposals"
      />
      <Content>
        <FleetView />
      </Content>
    </Page>
  );
}
