import {
  Content,
  EmptyState,
  Header,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEvent,
  AuditEventFilter,
} from '@internal/plugin-audit-common';
import { Box, Button } from '@material-ui/core';
import { useState } from 'react';
import { useAuditEvents } from '../hooks/useAuditEvents';
import { AuditEventDetails } from './AuditEventDetails';
import { AuditEventsTable } from './AuditEventsTable';
import { AuditFilters } from './AuditFilters';
import { ChainVerification } from './ChainVerification';

function ErrorPanel({ error }: { error: Error }) {
  if (error instanceof ResponseError && error.statusCode === 403) {
    return (
      <WarningPanel
        severity="info"
        title="Only platform admins can read the audit trail"
      >
        {error.body?.error?.message ?? error.message}
      </WarningPanel>
    );
  }
  const message =
    error instanceof ResponseError
      ? error.body?.error?.message ?? error.message
      : error.message;
  return (
    <WarningPanel severity="error" title="The audit trail could not be read">
      {message}
    </WarningPanel>
  );
}

/** /audit: the audit trail with filters; each row opens its details. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditEventFilter>({});
  const [open, setOpen] = useState<AuditEvent | undefined>();
  const events = useAuditEvents(filter);

  return (
    <Page themeId="tool">
      <Header
        title="Audit trail"
        subtitle="Every change, template run and refusal, hash-chained"
      />
      <Content>
        <Box mb={3}>
          <AuditFilters onApply={setFilter} />
        </Box>
        {events.error && <ErrorPanel error={events.error} />}
        {!events.error && !events.loading && events.items.length === 0 && (
          <EmptyState
            missing="data"
            title="No audit events match these filters"
          />
        )}
        {events.items.length > 0 && <ChainVerification />}
        {events.items.length > 0 && (
          <AuditEventsTable items={events.items} onOpen={setOpen} />
        )}
        {events.loading && <Progress />}
        {events.hasMore && !events.loading && (
          <Box mt={2}>
            <Button variant="outlined" onClick={events.loadMore}>
              Load older events
            </Button>
          </Box>
        )}
        <AuditEventDetails event={open} onClose={() => setOpen(undefined)} />
      </Content>
    </Page>
  );
}
