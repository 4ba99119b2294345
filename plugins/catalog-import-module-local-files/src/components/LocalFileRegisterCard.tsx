import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { EntityListComponent } from '@backstage/plugin-catalog-import';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import LocationOnIcon from '@material-ui/icons/LocationOn';
import { FormEvent, useState } from 'react';
import {
  RegistrationState,
  useLocationRegistration,
} from '../hooks/useLocationRegistration';

/** The register button's words for an analyzed location. */
function registerLabel(
  state: Extract<RegistrationState, { step: 'analyzed' }>,
): string {
  if (state.exists) return 'Refresh';
  if (state.problem) return 'Register anyway';
  return 'Register';
}

/**
 * Registers an entity file that lives on the portal's server (local mode), or
 * a URL: analyze first (nothing is written), then register.
 */
export const LocalFileRegisterCard = () => {
  const [value, setValue] = useState('');
  const { state, analyze, register, reset } = useLocationRegistration();
  const busy = state.step === 'analyzing' || state.step === 'registering';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    analyze(value);
  };

  return (
    <InfoCard
      title="Register an entity file from this server"
      subheader="Local mode: file locations"
    >
      {(state.step === 'input' || state.step === 'analyzing') && (
        <form onSubmit={onSubmit} aria-label="Register an entity file">
          <TextField
            fullWidth
            variant="outlined"
            margin="normal"
            id="local-location"
            label="Entity file path or URL"
            placeholder="/srv/repos/shop/catalog-info.yaml"
            helperText="An absolute path on the portal's server, a file:// URL, or an http(s) URL of a YAML entity file"
            value={value}
            onChange={e => setValue(e.target.value)}
            disabled={busy}
          />
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={busy || !value.trim()}
          >
            Analyze
          </Button>
        </form>
      )}
      {busy && <Progress />}
      {'error' in state && state.error && (
        <Box mt={2}>
          <WarningPanel
            severity="error"
            title="This location cannot be registered"
            message={state.error}
            defaultExpanded
          />
        </Box>
      )}
      {state.step === 'analyzed' && state.problem && (
        <WarningPanel
          severity="warning"
          title="Some entities in this location are not valid"
          message={`${state.problem}. Registering adds the valid entities; the others are listed with their errors under Unprocessed entities.`}
          defaultExpanded
        />
      )}
      {state.step === 'analyzed' && (
        <>
          {!state.problem && (
            <>
              <Typography variant="body2">
                {state.exists
                  ? 'This location is already registered. Registering again refreshes it.'
                  : `${state.entities.length} entities will be added from ${state.target}:`}
              </Typography>
              <EntityListComponent
                locations={[{ target: state.target, entities: state.entities }]}
                locationListItemIcon={() => <LocationOnIcon />}
                collapsed
              />
            </>
          )}
          <Box display="flex" gridGap={8} mt={2}>
            <Button variant="contained" color="primary" onClick={register}>
              {registerLabel(state)}
            </Button>
            <Button onClick={reset}>Back</Button>
          </Box>
        </>
      )}
      {state.step === 'registered' && (
        <>
          <Typography variant="body2">
            {state.refreshed
              ? `A refresh of ${state.target} was triggered.`
              : `Registered ${state.target}. Its entities appear in the catalog within seconds.`}
          </Typography>
          {state.entities.length > 0 && (
            <EntityListComponent
              locations={[{ target: state.target, entities: state.entities }]}
              locationListItemIcon={() => <LocationOnIcon />}
              withLinks
            />
          )}
          <Box mt={2}>
            <Button variant="contained" onClick={reset}>
              Register another
            </Button>
          </Box>
        </>
      )}
    </InfoCard>
  );
};
