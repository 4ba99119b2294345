import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { useEffect, useRef } from 'react';
import { useOwnerChoices } from '../hooks/useOwnerChoices';

/**
 * `ui:field: TeamOwnerPicker`: the owning team, pre-filled with the
 * signed-in user's (first) team; the user's other teams to choose from, and
 * every group for a platform admin. The server's owner guard decides anyway.
 */
export function TeamOwnerPicker(props: FieldExtensionComponentProps<string>) {
  const { onChange, required, schema, rawErrors, formData, idSchema } = props;
  const { value: choices, loading, error } = useOwnerChoices();

  // Pre-filled once: a user who clears the field to pick another is not overruled.
  const prefilled = useRef(false);
  useEffect(() => {
    if (prefilled.current || !choices) return;
    prefilled.current = true;
    if (!formData && choices.initial) onChange(choices.initial);
  }, [formData, choices, onChange]);

  const options = choices?.options ?? [];
  let helperText = schema.description;
  if (error)
    helperText = `Could not load your teams (${error.message}); reload the page.`;
  else if (choices && options.length === 0)
    helperText =
      'You are in no team, so you cannot own a new service: ask your manager to add you to your team in the catalog.';

  return (
    <Autocomplete
      id={idSchema?.$id}
      options={options}
      value={formData ?? null}
      loading={loading}
      getOptionLabel={ref => choices?.titles[ref] ?? ref}
      onChange={(_event, value) => onChange(value ?? undefined)}
      autoSelect
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title ?? 'Owner'}
          margin="dense"
          required={required}
          error={(rawErrors?.length ?? 0) > 0}
          helperText={helperText}
          FormHelperTextProps={{ margin: 'dense', style: { marginLeft: 0 } }}
          variant="outlined"
        />
      )}
    />
  );
}
