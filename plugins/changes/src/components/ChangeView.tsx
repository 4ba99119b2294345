import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Suspense, useMemo } from 'react';
import type { ChangeProposalDetails } from '../api/types';
import { conflictedFiles, parseDiff } from '../domain/parseDiff';
import {
  useChange,
  useChangeActions,
  useRepoEntityRef,
} from '../hooks/useChange';
import { gitChangesManagePermission } from '../permissions';
import { DiffView, fileAnchor } from './DiffView';
import { StatusChip } from './StatusChip';
import { VisibleText } from './VisibleText';

/**
 * Who may merge: the git host's answer for this caller (`canMerge`, the
 * policy's entity-owners rule on the repository's entity), or the same
 * permission asked in the browser. The server decides again on every merge
 * and close. (A clean-clone e2e run once showed an owner no Merge button
 * while the server said she could: the server's answer now suffices.)
 */
function useMayManage(change: ChangeProposalDetails | undefined) {
  const repoEntity = useRepoEntityRef(change?.org, change?.repo);
  const decision = usePermission(
    repoEntity.value
      ? {
          permission: gitChangesManagePermission,
          resourceRef: repoEntity.value,
        }
      : { permission: gitChangesManagePermission, resourceRef: undefined },
  );
  if (!change) return { loading: true, allowed: false };
  // the server's answer for this caller (the same policy, asked by the git
  // host) is enough to show the button; the browser's own decision can only
  // add to it (the server decides again on every merge)
  if (change.canMerge) return { loading: false, allowed: true };
  if (repoEntity.loading) return { loading: true, allowed: false };
  if (!repoEntity.value) return { loading: false, allowed: false };
  return { loading: decision.loading, allowed: decision.allowed };
}

const Field = ({
  label,
  children,
}: {
  label: string;
  children: React.ReactNode;
}) => (
  <Box mb={1}>
    <Typography variant="caption" color="textSecondary" component="div">
      {label}
    </Typography>
    <Typography variant="body2" component="div">
      {children}
    </Typography>
  </Box>
);

const Change = ({ id }: { id: string }) => {
  const { value: change, loading, error, retry } = useChange(id);
  const manage = useMayManage(change);
  const actions = useChangeActions(id, retry);
  const parsed = useMemo(
    () => (change ? parseDiff(change.diff) : undefined),
    [change],
  );
  const conflicts = useMemo(
    () => (change && parsed ? conflictedFiles(parsed, change.description) : []),
    [change, parsed],
  );

  if (loading && !change) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!change || !parsed)
    return <EmptyState missing="data" title={`No change proposal ${id}`} />;

  const open = change.status === 'open';
  const mayMerge = open && manage.allowed;
  const mayClose = open && (manage.allowed || change.canClose);
  const fileIndex = new Map(parsed.files.map((f, i) => [f.path, i]));

  return (
    <Grid container spacing={3} data-testid="change-view">
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 12 }}>
          <Typography variant="h4" component="h1" data-testid="change-title">
            <VisibleText text={change.title} />
          </Typography>
          <StatusChip status={change.status} />
        </Box>
      </Grid>
      <Grid item xs={12} md={8}>
        <InfoCard title="Description">
          {change.description ? (
            // plain text, never HTML or markdown: it comes from whoever proposed it
            <Typography
              variant="body2"
              component="pre"
              data-testid="change-description"
              style={{
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-word',
                fontFamily: 'inherit',
                margin: 0,
              }}
            >
              <VisibleText text={change.description} />
            </Typography>
          ) : (
            <Typography variant="body2" color="textSecondary">
              No description.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Change">
          <Field label="Repository">
            <VisibleText text={`${change.org}/${change.repo}`} />
          </Field>
          <Field label="Branches">
            <code data-testid="change-branches">
              <VisibleText text={change.branch} />
              {' → main'}
            </code>
          </Field>
          <Field label="Proposed by">
            <EntityRefLink entityRef={change.author} defaultKind="user" />
            {` on ${new Date(change.createdAt).toUTCString()}`}
          </Field>
          {change.decidedBy && (
            <Field
              label={change.status === 'merged' ? 'Merged by' : 'Closed by'}
            >
              <EntityRefLink entityRef={change.decidedBy} defaultKind="user" />
              {` on ${new Date(change.updatedAt).toUTCString()}`}
            </Field>
          )}
          {change.mergedCommit && (
            <Field label="Merge commit">
              <code>{change.mergedCommit}</code>
            </Field>
          )}
          <Box display="flex" style={{ gap: 8 }} mt={2}>
            {mayMerge && (
              <Button
                variant="contained"
                color="primary"
                disabled={!!actions.running}
                onClick={() => actions.run('merge')}
              >
                {actions.running === 'merge' ? 'Merging…' : 'Merge'}
              </Button>
            )}
            {mayClose && (
              <Button
                variant="outlined"
                disabled={!!actions.running}
                onClick={() => actions.run('close')}
              >
                {actions.running === 'close' ? 'Closing…' : 'Close'}
              </Button>
            )}
          </Box>
          {open && !manage.loading && !mayMerge && (
            <Typography
              variant="body2"
              color="textSecondary"
              data-testid="merge-refused"
            >
              Only the owners of this repository's catalog entity and platform
              admins can merge this change.
            </Typography>
          )}
          {actions.error && (
            <Alert severity="error" data-testid="action-error">
              {actions.error}
            </Alert>
          )}
        </InfoCard>
      </Grid>
      {conflicts.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="warning" data-testid="conflicts">
            <Typography variant="subtitle2">
              {`${conflicts.length} file${
                conflicts.length === 1 ? ' has' : 's have'
              } conflicts, marked with <<<<<<< ======= >>>>>>> below. Resolve them on the branch before merging:`}
            </Typography>
            <ul>
              {conflicts.map(path => (
                <li key={path}>
                  {fileIndex.has(path) ? (
                    <a href={`#${fileAnchor(fileIndex.get(path)!)}`}>
                      <VisibleText text={path} />
                    </a>
                  ) : (
                    <VisibleText text={path} />
                  )}
                </li>
              ))}
            </ul>
          </Alert>
        </Grid>
      )}
      <Grid item xs={12}>
        <DiffView diff={parsed} />
      </Grid>
    </Grid>
  );
};

/** One change proposal: what, where, by whom, its diff and conflicts; Merge and Close for who may. */
export const ChangeView = ({ id }: { id: string }) => (
  // links to entities load lazily; the boundary keeps that inside the view
  <Suspense fallback={<Progress />}>
    <Change id={id} />
  </Suspense>
);
