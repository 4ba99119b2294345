import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { templateManagementPermission } from '@backstage/plugin-scaffolder-common/alpha';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  templateUpgradesApiRef,
  type UpgradeTarget,
} from '../api/TemplateUpgradesClient';
import { ResponseError } from '@backstage/errors';

export function useTemplates() {
  const api = useApi(templateUpgradesApiRef);
  return useAsyncRetry(() => api.getTemplates(), [api]);
}

export function useFleet(templateRef: string | undefined) {
  const api = useApi(templateUpgradesApiRef);
  return useAsyncRetry(
    async () => (templateRef ? api.getFleet(templateRef) : undefined),
    [api, templateRef],
  );
}

/**
 * Proposing upgrades is for platform admins and template authors (the
 * policy's template-authors rule, `scaffolder.template.management`); the
 * server decides again and its refusal is shown as it says it.
 */
export function useProposeUpgrades(onDone: () => void) {
  const api = useApi(templateUpgradesApiRef);
  const permission = usePermission({
    permission: templateManagementPermission,
  });
  const [running, setRunning] = useState<string | undefined>();
  const [message, setMessage] = useState<
    { severity: 'error' | 'success'; text: string } | undefined
  >();
  const propose = useCallback(
    async (target: UpgradeTarget, label: string) => {
      setRunning(label);
      setMessage(undefined);
      try {
        await api.proposeUpgrades(target);
        setMessage({
          severity: 'success',
          text: `Upgrades proposed for ${label}.`,
        });
        onDone();
      } catch (e) {
        const text =
          e instanceof ResponseError
            ? `${
                e.statusCode === 403
                  ? 'You may not propose upgrades'
                  : `Proposing upgrades failed (${e.statusCode})`
              }: ${e.body?.error?.message ?? e.message}`
            : `Proposing upgrades failed: ${
                e instanceof Error ? e.message : String(e)
              }`;
        setMessage({ severity: 'error', text });
      } finally {
        setRunning(undefined);
      }
    },
    [api, onDone],
  );
  return {
    allowed: permission.allowed,
    running,
    message,
    propose,
  };
}
