import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { useEffect, useMemo, useState } from 'react';
import { NameAvailabilityClient } from '../api/NameAvailabilityClient';
import type { NameAvailability } from '../domain/nameAvailability';

/** Wait this long after the last keystroke before asking. */
export const NAME_CHECK_DEBOUNCE_MS = 350;

/** The state of the as-you-type check. */
export type NameCheckState = NameAvailability | { status: 'idle' | 'checking' };

/**
 * Checks a name as it is typed: debounced, the previous request aborted when
 * the name changes. `checkable` is false while the name breaks the form's
 * rules (the rule's own message says what to fix; nothing is asked).
 */
export function useNameAvailability(
  name: string,
  team: string | undefined,
  checkable: boolean,
): NameCheckState {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const client = useMemo(
    () => new NameAvailabilityClient({ discoveryApi, fetchApi }),
    [discoveryApi, fetchApi],
  );
  const [state, setState] = useState<NameCheckState>({ status: 'idle' });

  useEffect(() => {
    if (!name || !checkable) {
      setState({ status: 'idle' });
      return undefined;
    }
    setState({ status: 'checking' });
    const controller = new AbortController();
    const timer = setTimeout(() => {
      client.check({ name, team }, controller.signal).then(
        result => {
          if (!controller.signal.aborted) setState(result);
        },
        () => {
          // aborted: a newer name is being checked
        },
      );
    }, NAME_CHECK_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [client, name, team, checkable]);

  return state;
}
