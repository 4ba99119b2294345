import type { AuditEvent } from '@internal/plugin-audit-common';
import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@material-ui/core';

export interface AuditEventsTableProps {
  items: AuditEvent[];
  onOpen(event: AuditEvent): void;
}

/** One line per row; a click (or Enter) opens its details. */
export function AuditEventsTable({ items, onOpen }: AuditEventsTableProps) {
  return (
    <Table size="small" aria-label="Audit events">
      <TableHead>
        <TableRow>
          <TableCell>Time</TableCell>
          <TableCell>Actor</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Target</TableCell>
          <TableCell>Outcome</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(event => (
          <TableRow
            key={event.id}
            hover
            tabIndex={0}
            style={{ cursor: 'pointer' }}
            onClick={() => onOpen(event)}
            onKeyDown={e => {
              if (e.key === 'Enter') onOpen(event);
            }}
          >
            <TableCell>{new Date(event.time).toLocaleString()}</TableCell>
            <TableCell>{event.actor ?? '—'}</TableCell>
            <TableCell>
              {event.actionType
                ? `${event.action}.${event.actionType}`
                : event.action}
            </TableCell>
            <TableCell>{event.target ?? '—'}</TableCell>
            <TableCell>
              <Chip
                size="small"
                label={event.outcome}
                color={event.outcome === 'failed' ? 'secondary' : 'default'}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
