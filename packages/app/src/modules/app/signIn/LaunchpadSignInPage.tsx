import { Content, Header, Page, Progress } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import type { SignInError } from './signInClient';
import { useLaunchpadSignIn } from './useLaunchpadSignIn';

function SignInProblem({ error }: { error: SignInError }) {
  const notInCatalog = error.errorName === 'NotFoundError';
  return (
    <Card
      role="alert"
      data-testid="sign-in-problem"
      style={{ borderLeft: '6px solid #d32f2f' }}
    >
      <CardContent>
        <Typography variant="h5" gutterBottom>
          {notInCatalog
            ? 'You are not in the catalog yet'
            : 'Sign-in did not work'}
        </Typography>
        <Typography variant="body1">{error.message}</Typography>
      </CardContent>
    </Card>
  );
}

/**
 * The portal's sign-in page: demo personas in local mode (the default one
 * highlighted), the company's sign-in providers (OIDC, GitHub) as configured.
 */
export function LaunchpadSignInPage({ onSignInSuccess }: SignInPageProps) {
  const { state, choosePersona, chooseProvider } =
    useLaunchpadSignIn(onSignInSuccess);
  if (state.status === 'loading') return <Progress />;
  const { options, error, busy } = state;
  const nothing =
    options.personas.length === 0 && options.providers.length === 0;

  return (
    <Page themeId="home">
      <Header
        title="Launchpad"
        subtitle="Northwind's developer portal: sign in"
      />
      <Content>
        <Grid container spacing={3} direction="column">
          {error && (
            <Grid item>
              <SignInProblem error={error} />
            </Grid>
          )}
          {options.providers.length > 0 && (
            <Grid item>
              <Typography variant="h6" gutterBottom>
                Sign in with your company account
              </Typography>
              <Grid container spacing={2}>
                {options.providers.map(provider => (
                  <Grid item key={provider.id}>
                    <Button
                      variant="contained"
                      color="primary"
                      size="large"
                      data-testid={`provider-${provider.id}`}
                      disabled={Boolean(busy)}
                      onClick={() => chooseProvider(provider.id)}
                    >
                      Sign in with {provider.title}
                    </Button>
                  </Grid>
                ))}
              </Grid>
            </Grid>
          )}
          {options.personas.length > 0 && (
            <Grid item>
              <Typography variant="h6" gutterBottom>
                Try the portal as a demo persona
              </Typography>
              <Typography variant="body2" color="textSecondary" paragraph>
                Local mode: one click, no password. To switch later, sign out
                (Settings, then Sign out).
              </Typography>
              <Grid container spacing={2}>
                {options.personas.map(persona => (
                  <Grid item xs={12} md={4} key={persona.id}>
                    <Card
                      variant="outlined"
                      data-testid={`persona-${persona.id}`}
                      style={
                        persona.isDefault
                          ? { borderWidth: 2, borderColor: '#1976d2' }
                          : undefined
                      }
                    >
                      <CardContent>
                        <Typography variant="h6">
                          {persona.title}{' '}
                          {persona.isDefault && (
                            <Chip
                              size="small"
                              color="primary"
                              label="Default"
                            />
                          )}
                        </Typography>
                        <Typography variant="body2">
                          {persona.description}
                        </Typography>
                      </CardContent>
                      <CardActions>
                        <Button
                          color="primary"
                          variant={persona.isDefault ? 'contained' : 'outlined'}
                          disabled={Boolean(busy)}
                          onClick={() => choosePersona(persona.id)}
                        >
                          Sign in as {persona.title.toLowerCase()}
                        </Button>
                      </CardActions>
                    </Card>
                  </Grid>
                ))}
              </Grid>
            </Grid>
          )}
          {nothing && (
            <Grid item>
              <Typography variant="body1">
                No sign-in is configured. A platform engineer sets
                auth.providers.oidc or auth.providers.github (see
                plugins/auth-backend-module-launchpad/README.md).
              </Typography>
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}
