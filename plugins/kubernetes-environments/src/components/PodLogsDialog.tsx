import {
  LogViewer,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import type { PodView } from '@internal/plugin-kubernetes-environments-common';
import { useState } from 'react';
import { usePodLogs } from '../hooks/useEnvironments';

export interface PodLogsDialogProps {
  cluster: string;
  pod: PodView;
  onClose(): void;
}

/** The last lines of one container's log, read when the dialog opens. */
export function PodLogsDialog({ cluster, pod, onClose }: PodLogsDialogProps) {
  const crashed = pod.containers.find(c => c.restarts > 0 && !c.ready);
  const [container, setContainer] = useState(
    crashed?.name ?? pod.containers[0]?.name,
  );
  const [previous, setPrevious] = useState(Boolean(crashed));
  const logs = usePodLogs({
    cluster,
    namespace: pod.namespace,
    pod: pod.name,
    container,
    previous,
  });
  return (
    <Dialog
      open
      onClose={onClose}
      maxWidth="lg"
      fullWidth
      aria-labelledby="pod-logs-title"
    >
      <DialogTitle id="pod-logs-title">
        Logs of {pod.name} ({cluster})
      </DialogTitle>
      <DialogContent>
        <TextField
          select
          label="Container"
          value={container}
          onChange={e => setContainer(e.target.value)}
          style={{ minWidth: 200, marginRight: 24 }}
        >
          {pod.containers.map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={previous}
              onChange={e => setPrevious(e.target.checked)}
            />
          }
          label="Previous instance (before the last restart)"
        />
        <div style={{ height: 420, marginTop: 16 }} data-testid="pod-log">
          {logs.loading && <Progress />}
          {logs.refusal && (
            <Alert severity="warning" data-testid="logs-refused">
              {logs.refusal}
            </Alert>
          )}
          {logs.error && !logs.refusal && (
            <ResponseErrorPanel error={logs.error} />
          )}
          {logs.value && (
            <LogViewer text={logs.value.text || '(the log is empty)'} />
          )}
        </div>
      </DialogContent>
      <DialogActions>
        <Button onClick={logs.retry}>Reload</Button>
        <Button onClick={onClose} color="primary">
          Close
        </Button>
      </DialogActions>
    </Dialog>
  );
}
