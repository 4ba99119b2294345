import { Content } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { useMyTeams } from '../hooks/useMyTeams';
import { AnnouncementsCard } from './AnnouncementsCard';
import { InitiativesCard } from './InitiativesCard';
import { RecentTasksCard } from './RecentTasksCard';
import { SearchBox } from './SearchBox';
import { StarredCard } from './StarredCard';
import { TeamServicesCard } from './TeamServicesCard';

/** `/`: where a developer starts the day. One column at phone width, three at desktop. */
export function HomePage() {
  const me = useMyTeams();
  const teams = me.loading ? undefined : me.value?.teams ?? [];
  return (
    <Content>
      <Grid container spacing={3} data-testid="home-page">
        <Grid item xs={12}>
          <SearchBox />
        </Grid>
        <Grid item xs={12} lg={8}>
          <TeamServicesCard teams={teams} />
        </Grid>
        <Grid item xs={12} lg={4}>
          <AnnouncementsCard />
        </Grid>
        <Grid item xs={12} md={6} lg={4}>
          <InitiativesCard teams={teams} />
        </Grid>
        <Grid item xs={12} md={6} lg={4}>
          <RecentTasksCard />
        </Grid>
        <Grid item xs={12} md={6} lg={4}>
          <StarredCard />
        </Grid>
      </Grid>
    </Content>
  );
}
