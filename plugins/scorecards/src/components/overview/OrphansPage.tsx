import {
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { OrphansReport, OwnershipProblem } from '../../api/types';
import { useOrphans } from '../../hooks/useScorecardsData';
import { rootRouteRef } from '../../routes';
import {
  countProblems,
  PROBLEM_LABELS,
  reasonOf,
} from '../shared/ownershipProblems';

type Orphan = OrphansReport['items'][number];

const columns: TableColumn<Orphan>[] = [
  {
    title: 'Entity',
    field: 'entityRef',
    render: o => <EntityRefLink entityRef={o.entityRef} />,
  },
  { title: 'Kind', field: 'kind', width: '10%' },
  {
    title: 'Owner',
    field: 'ownerRef',
    render: o => (o.ownerRef ? <EntityRefLink entityRef={o.ownerRef} /> : '—'),
  },
  {
    title: 'Problem',
    field: 'problem',
    render: o => <Chip size="small" label={PROBLEM_LABELS[o.problem]} />,
    width: '15%',
  },
  { title: 'Why, and what to do', render: o => reasonOf(o) },
];

/** Entities with no owner, a missing owner, or an owner group without members. */
export const OrphansPage = () => {
  const { value, loading, error } = useOrphans();
  const [only, setOnly] = useState<OwnershipProblem | undefined>();
  const scorecardsLink = useRouteRef(rootRouteRef);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const counts = countProblems(value!.items);
  const items = only
    ? value!.items.filter(i => i.problem === only)
    : value!.items;
  return (
    <Box>
      <Typography variant="body1" paragraph>
        Entities nobody can be asked about.{' '}
        <Link to={scorecardsLink?.() ?? '/scorecards'}>Back to scorecards</Link>
      </Typography>
      <Box display="flex" mb={2} style={{ gap: 8 }}>
        <Chip
          label={`All (${value!.total})`}
          color={only ? 'default' : 'primary'}
          onClick={() => setOnly(undefined)}
        />
        {(Object.keys(PROBLEM_LABELS) as OwnershipProblem[]).map(p => (
          <Chip
            key={p}
            label={`${PROBLEM_LABELS[p]} (${counts[p]})`}
            color={only === p ? 'primary' : 'default'}
            onClick={() => setOnly(p)}
          />
        ))}
      </Box>
      <Table<Orphan>
        title="Orphans and stale owners"
        options={{ paging: items.length > 50, pageSize: 50, padding: 'dense' }}
        columns={columns}
        data={items}
        emptyContent={
          <Box p={2}>Every entity has an owner that can be asked.</Box>
        }
      />
    </Box>
  );
};
