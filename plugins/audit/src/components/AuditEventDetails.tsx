import type { AuditEvent } from '@internal/plugin-audit-common';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';

export interface AuditEventDetailsProps {
  event?: AuditEvent;
  onClose(): void;
}

const json = (value: unknown) =>
  value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);

/** Every field of one row, its meta JSON and its hash. */
export function AuditEventDetails({ event, onClose }: AuditEventDetailsProps) {
  if (!event) return null;
  const fields: Array<[string, string]> = [
    ['Row', String(event.id)],
    ['Time', event.time],
    [
      'Action',
      event.actionType ? `${event.action}.${event.actionType}` : event.action,
    ],
    ['Outcome', event.outcome],
    ['Severity', event.severity],
    ['Actor', event.actor ?? '—'],
    ['Target', event.target ?? '—'],
    ['Request id', event.requestId ?? '—'],
    [
      'Request',
      event.requestMethod ? `${event.requestMethod} ${event.requestUrl}` : '—',
    ],
    ['Error', event.error ?? '—'],
    ['Hash', event.hash],
  ];
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="audit-event-title"
    >
      <DialogTitle id="audit-event-title">Audit event {event.id}</DialogTitle>
      <DialogContent>
        <Table size="small">
          <TableBody>
            {fields.map(([label, value]) => (
              <TableRow key={label}>
                <TableCell component="th" scope="row">
                  {label}
                </TableCell>
                <TableCell style={{ wordBreak: 'break-all' }}>
                  {value}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <Typography variant="h6" style={{ marginTop: 16 }}>
          Caller
        </Typography>
        <pre aria-label="Caller details">{json(event.actorDetails)}</pre>
        <Typography variant="h6">Meta</Typography>
        <pre aria-label="Meta JSON">{json(event.meta)}</pre>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
