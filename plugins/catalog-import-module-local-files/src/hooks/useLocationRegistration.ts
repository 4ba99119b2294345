import type { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useCallback, useState } from 'react';
import { parseLocationInput } from '../locationInput';
import { isEntityProblem as isEntityProblemMessage } from '../registrationProblem';

/** Where the register flow is, and what it found. */
export type RegistrationState =
  | { step: 'input'; error?: string }
  | {
      step: 'analyzing' | 'registering';
      type: 'file' | 'url';
      target: string;
      entities?: Entity[];
    }
  | {
      step: 'analyzed';
      type: 'file' | 'url';
      target: string;
      entities: Entity[];
      exists: boolean;
      /** Entity-level problems found by the dry run; the rest can still be registered. */
      problem?: string;
      error?: string;
    }
  | {
      step: 'registered';
      target: string;
      entities: Entity[];
      refreshed: boolean;
    };

function errorMessage(error: unknown): string {
  const body = (error as { body?: { error?: { message?: string } } }).body;
  const message =
    body?.error?.message ?? (error as Error).message ?? String(error);
  // The catalog wraps processing errors once more ("InputError: ..."); keep the cause.
  return message.replace(/^(Error|InputError|NotFoundError): /, '');
}

/** See {@link isEntityProblemMessage}: a dry run fails as a whole when one entity is invalid. */
function isEntityProblem(error: unknown): boolean {
  return isEntityProblemMessage(
    (error as { body?: { error?: { message?: string } } }).body?.error
      ?.message ?? '',
  );
}

/**
 * Analyze (a dry run that reads and validates the file) then register a
 * location, through the catalog's own API.
 */
export function useLocationRegistration() {
  const catalogApi = useApi(catalogApiRef);
  const [state, setState] = useState<RegistrationState>({ step: 'input' });

  const analyze = useCallback(
    async (raw: string) => {
      const input = parseLocationInput(raw);
      if (!input.ok) {
        setState({ step: 'input', error: input.message });
        return;
      }
      setState({ step: 'analyzing', type: input.type, target: input.target });
      try {
        const result = await catalogApi.addLocation({
          type: input.type,
          target: input.target,
          dryRun: true,
        });
        setState({
          step: 'analyzed',
          type: input.type,
          target: input.target,
          entities: result.entities.filter(
            e =>
              e.kind !== 'Location' || e.metadata.name !== result.location.id,
          ),
          exists: Boolean(result.exists),
        });
      } catch (error) {
        if (isEntityProblem(error)) {
          setState({
            step: 'analyzed',
            type: input.type,
            target: input.target,
            entities: [],
            exists: false,
            problem: errorMessage(error),
          });
        } else {
          setState({ step: 'input', error: errorMessage(error) });
        }
      }
    },
    [catalogApi],
  );

  const register = useCallback(async () => {
    if (state.step !== 'analyzed') return;
    const { type, target, entities } = state;
    setState({ step: 'registering', type, target, entities });
    try {
      if (state.exists) {
        const location = await catalogApi.getLocationByRef(`${type}:${target}`);
        if (location)
          await catalogApi
            .refreshEntity(`location:default/${location.id}`)
            .catch(() => undefined);
        setState({ step: 'registered', target, entities, refreshed: true });
        return;
      }
      await catalogApi.addLocation({ type, target });
      setState({ step: 'registered', target, entities, refreshed: false });
    } catch (error) {
      setState({ ...state, error: errorMessage(error) });
    }
  }, [catalogApi, state]);

  const reset = useCallback(() => setState({ step: 'input' }), []);

  return { state, analyze, register, reset };
}
