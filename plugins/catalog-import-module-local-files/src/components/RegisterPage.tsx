import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import {
  ImportInfoCard,
  ImportStepper,
} from '@backstage/plugin-catalog-import';
import Grid from '@material-ui/core/Grid';
import { LocalFileRegisterCard } from './LocalFileRegisterCard';

/** Upstream's register page (URL wizard) plus local file registration. */
export const RegisterPage = () => {
  const appTitle =
    useApi(configApiRef).getOptionalString('app.title') ?? 'Backstage';
  return (
    <Page themeId="home">
      <Header title="Register an existing component" />
      <Content>
        <ContentHeader title={`Start tracking your component in ${appTitle}`} />
        <Grid container spacing={2}>
          <Grid
            item
            xs={12}
            md={7}
            container
            direction="column"
            spacing={2}
            wrap="nowrap"
          >
            <Grid item>
              <LocalFileRegisterCard />
            </Grid>
            <Grid item>
              <InfoCard title="Register from a repository URL">
                <ImportStepper />
              </InfoCard>
            </Grid>
          </Grid>
          <Grid item xs={12} md={5}>
            <ImportInfoCard />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
