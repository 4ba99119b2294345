import type { AuditVerifyResult } from '@internal/plugin-audit-common';
import { Box, Button, Typography } from '@material-ui/core';
import { useChainVerification } from '../hooks/useChainVerification';

function describe(result: AuditVerifyResult) {
  if (!result.ok && result.broken) {
    return `Chain broken at row ${result.broken.id}: ${result.broken.message}`;
  }
  const pruned = result.anchor
    ? `, after ${result.anchor.prunedRows} rows pruned by retention`
    : '';
  return `Chain intact: ${
    result.checkedRows
  } rows checked${pruned}. Head hash ${result.headHash ?? '—'}`;
}

/** "Verify chain": the result of GET /api/audit/verify in one sentence. */
export function ChainVerification() {
  const [state, verify] = useChainVerification();
  return (
    <Box display="flex" alignItems="center" style={{ gap: 16 }} mb={2}>
      <Button variant="outlined" onClick={verify} disabled={state.loading}>
        {state.loading ? 'Verifying…' : 'Verify chain'}
      </Button>
      {state.value && (
        <Typography
          role="status"
          color={state.value.ok ? 'textPrimary' : 'error'}
          style={{ wordBreak: 'break-all' }}
        >
          {describe(state.value)}
        </Typography>
      )}
      {state.error && (
        <Typography role="status" color="error">
          Could not verify: {state.error.message}
        </Typography>
      )}
    </Box>
  );
}
