import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Box, Tab, Tabs, Typography } from '@material-ui/core';
import { startTransition, Suspense, useState } from 'react';
import type { ChangeProposal, ChangeStatus } from '../api/types';
import { useRepoChanges } from '../hooks/useRepoChanges';
import { changeRouteRef } from '../routes';
import { StatusChip } from './StatusChip';
import { VisibleText } from './VisibleText';

const STATUSES: ChangeStatus[] = ['open', 'merged', 'closed'];

const RepoChanges = () => {
  const { value, loading, error } = useRepoChanges();
  const changeLink = useRouteRef(changeRouteRef);
  const [status, setStatus] = useState<ChangeStatus>('open');

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value?.repo)
    return (
      <EmptyState
        missing="info"
        title="Not a repository of the portal's git host"
        description="Change proposals are shown for entities registered from a repository of the portal's git host."
      />
    );

  const counts = Object.fromEntries(
    STATUSES.map(s => [s, value.items.filter(c => c.status === s).length]),
  ) as Record<ChangeStatus, number>;
  const rows = value.items
    .filter(c => c.status === status)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

  const columns: TableColumn<ChangeProposal>[] = [
    {
      title: 'Change',
      field: 'title',
      render: c => (
        <Link to={changeLink?.({ id: c.id }) ?? `/changes/${c.id}`}>
          <VisibleText text={c.title} />
        </Link>
      ),
    },
    {
      title: 'Status',
      field: 'status',
      render: c => <StatusChip status={c.status} />,
    },
    {
      title: 'Branch',
      field: 'branch',
      render: c => (
        <code>
          <VisibleText text={c.branch} />
        </code>
      ),
    },
    {
      title: 'Proposed by',
      field: 'author',
      render: c => <EntityRefLink entityRef={c.author} defaultKind="user" />,
    },
    {
      title: 'Updated',
      field: 'updatedAt',
      render: c => new Date(c.updatedAt).toUTCString(),
    },
  ];

  return (
    <Box data-testid="changes-tab">
      <Typography variant="body2" color="textSecondary">
        <VisibleText
          text={`Change proposals of ${value.repo.org}/${value.repo.name}`}
        />
      </Typography>
      <Tabs
        value={status}
        onChange={(_, s) => startTransition(() => setStatus(s))}
        indicatorColor="primary"
        aria-label="Status of the change proposals"
      >
        {STATUSES.map(s => (
          <Tab key={s} value={s} label={`${s} (${counts[s]})`} />
        ))}
      </Tabs>
      <Table<ChangeProposal>
        options={{
          paging: rows.length > 20,
          pageSize: 20,
          search: false,
          toolbar: false,
          padding: 'dense',
        }}
        columns={columns}
        data={rows}
        emptyContent={
          <Box p={2}>
            <Typography variant="body2">{`No ${status} change proposals.`}</Typography>
          </Box>
        }
      />
    </Box>
  );
};

/** The Changes tab: the change proposals of the entity's repository on the portal's git host. */
export const ChangesTab = () => (
  // links to entities load lazily; without a boundary here a status change would suspend the whole page
  <Suspense fallback={<Progress />}>
    <RepoChanges />
  </Suspense>
);
