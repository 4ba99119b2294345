import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { List, ListItem, ListItemIcon, ListItemText } from '@material-ui/core';
import CheckIcon from '@material-ui/icons/CheckCircleOutline';
import BlockIcon from '@material-ui/icons/Block';
import { useAccess } from '../hooks/useAccess';

/**
 * "Your access": what the signed-in user may do with this entity and, for
 * what they may not, the policy's sentence (the rule, and whom to ask)
 * shown inline.
 */
export function AccessCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useAccess(entity);
  return (
    <InfoCard title="Your access">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <List dense aria-label="Your access">
          {value.map(({ label, decision }) => (
            <ListItem
              key={decision.permission}
              data-testid={`access-${decision.permission}`}
            >
              <ListItemIcon>
                {decision.result === 'ALLOW' ? (
                  <CheckIcon
                    titleAccess="allowed"
                    style={{ color: '#2e7d32' }}
                  />
                ) : (
                  <BlockIcon titleAccess="not allowed" color="error" />
                )}
              </ListItemIcon>
              <ListItemText
                primary={`${label}: ${
                  decision.result === 'ALLOW' ? 'you may' : 'you may not'
                }`}
                secondary={
                  decision.result === 'ALLOW' ? undefined : decision.message
                }
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}
