import type {
  AuditEventFilter,
  AuditOutcome,
} from '@internal/plugin-audit-common';
import { Button, Grid, MenuItem, TextField } from '@material-ui/core';
import { FormEvent, useState } from 'react';

export interface AuditFiltersProps {
  onApply(filter: AuditEventFilter): void;
}

/** `datetime-local` (the viewer's time) to ISO 8601, or undefined. */
function toIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Actor, action, target, outcome and time range; applied together. */
export function AuditFilters(props: AuditFiltersProps) {
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const [outcome, setOutcome] = useState<'' | AuditOutcome>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onApply({
      actor: actor.trim() || undefined,
      action: action.trim() || undefined,
      target: target.trim() || undefined,
      outcome: outcome || undefined,
      from: toIso(from),
      to: toIso(to),
    });
  };

  return (
    <form onSubmit={submit} aria-label="Audit filters">
      <Grid container spacing={2} alignItems="flex-end">
        <Grid item xs={12} md={3}>
          <TextField
            fullWidth
            id="audit-filter-actor"
            label="Actor"
            placeholder="user:default/priya.nair"
            value={actor}
            onChange={e => setActor(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={3}>
          <TextField
            fullWidth
            id="audit-filter-action"
            label="Action"
            placeholder="catalog.entity-mutate.delete"
            value={action}
            onChange={e => setAction(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={3}>
          <TextField
            fullWidth
            id="audit-filter-target"
            label="Target"
            placeholder="component:default/payments-service"
            value={target}
            onChange={e => setTarget(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={3}>
          <TextField
            select
            fullWidth
            id="audit-filter-outcome"
            label="Outcome"
            value={outcome}
            onChange={e => setOutcome(e.target.value as '' | AuditOutcome)}
            SelectProps={{ inputProps: { 'aria-label': 'Outcome' } }}
          >
            <MenuItem value="">Any</MenuItem>
            <MenuItem value="succeeded">Succeeded</MenuItem>
            <MenuItem value="failed">Failed</MenuItem>
          </TextField>
        </Grid>
        <Grid item xs={12} md={3}>
          <TextField
            fullWidth
            type="datetime-local"
            id="audit-filter-from"
            label="From"
            InputLabelProps={{ shrink: true }}
            value={from}
            onChange={e => setFrom(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={3}>
          <TextField
            fullWidth
            type="datetime-local"
            id="audit-filter-to"
            label="To"
            InputLabelProps={{ shrink: true }}
            value={to}
            onChange={e => setTo(e.target.value)}
          />
        </Grid>
        <Grid item xs={12} md={3}>
          <Button type="submit" variant="contained" color="primary">
            Apply filters
          </Button>
        </Grid>
      </Grid>
    </form>
  );
}
