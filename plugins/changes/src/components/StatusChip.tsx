import { Chip } from '@material-ui/core';
import type { ChangeStatus } from '../api/types';

const COLORS: Record<ChangeStatus, string> = {
  open: '#1565c0',
  merged: '#6a1b9a',
  closed: '#616161',
};

/** open / merged / closed, in its colour. */
export const StatusChip = ({ status }: { status: ChangeStatus }) => (
  <Chip
    size="small"
    label={status}
    data-testid="change-status"
    style={{ background: COLORS[status] ?? '#616161', color: '#fff' }}
  />
);
