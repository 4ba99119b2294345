import {
  discoveryApiRef,
  fetchApiRef,
  type ApiHolder,
} from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { NameAvailabilityClient } from '../api/NameAvailabilityClient';
import { teamOfOwner } from '../domain/nameAvailability';
import { useNameAvailability } from '../hooks/useNameAvailability';

/** `ui:options` of the field. */
export interface AvailableEntityNameUiOptions {
  /** The form field holding the owner (its team is the repository's org). Default `owner`. */
  ownerField?: string;
}

function matchesPattern(name: string, pattern: unknown): boolean {
  if (typeof pattern !== 'string') return true;
  try {
    return new RegExp(pattern, 'u').test(name);
  } catch {
    return true;
  }
}

function ownerTeam(
  formData: Record<string, unknown> | undefined,
  options: AvailableEntityNameUiOptions | undefined,
): string | undefined {
  return teamOfOwner(formData?.[options?.ownerField ?? 'owner']);
}

/**
 * `ui:field: AvailableEntityName`: the name of what a golden path creates,
 * checked against the catalog and the git host as it is typed.
 */
export function AvailableEntityName(
  props: FieldExtensionComponentProps<string, AvailableEntityNameUiOptions>,
) {
  const {
    onChange,
    required,
    schema,
    rawErrors,
    formData,
    formContext,
    uiSchema,
    idSchema,
  } = props;
  const name = formData ?? '';
  const team = ownerTeam(
    (formContext as { formData?: Record<string, unknown> } | undefined)
      ?.formData,
    uiSchema?.['ui:options'],
  );
  const checkable = matchesPattern(name, schema.pattern);
  const check = useNameAvailability(name, team, checkable);

  let helperText: string | undefined = schema.description;
  if (check.status === 'checking')
    helperText = `Checking whether "${name}" is free…`;
  else if ('message' in check && !rawErrors?.includes(check.message))
    helperText = check.message;

  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      required={required}
      value={name}
      onChange={({ target: { value } }) => onChange(value || undefined)}
      margin="normal"
      error={check.status === 'taken' || (rawErrors?.length ?? 0) > 0}
      helperText={helperText}
      inputProps={{
        autoFocus: uiSchema?.['ui:autofocus'],
        'data-name-status': check.status,
        autoComplete: 'off',
        spellCheck: false,
      }}
      FormHelperTextProps={
        {
          margin: 'dense',
          style: { marginLeft: 0 },
          role: 'status',
          'aria-live': 'polite',
        } as object
      }
    />
  );
}

/** At submit (Next): a taken name stops the form with the same message. */
export const availableEntityNameValidation: CustomFieldValidator<
  string,
  AvailableEntityNameUiOptions
> = async (value, validation, context) => {
  if (!value || !matchesPattern(value, context.schema.pattern)) return;
  const client = clientFrom(context.apiHolder);
  if (!client) return;
  const result = await client.check({
    name: value,
    team: ownerTeam(context.formData, context.uiSchema?.['ui:options']),
  });
  if (result.status === 'taken') validation.addError(result.message);
};

function clientFrom(apiHolder: ApiHolder) {
  const discoveryApi = apiHolder.get(discoveryApiRef);
  const fetchApi = apiHolder.get(fetchApiRef);
  if (!discoveryApi || !fetchApi) return undefined;
  return new NameAvailabilityClient({ discoveryApi, fetchApi });
}
