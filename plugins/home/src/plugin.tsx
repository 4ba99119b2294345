import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import HomeIcon from '@material-ui/icons/Home';

/** The home page's route. */
export const rootRouteRef = createRouteRef();

/** `/`: search, my team's services, starred entities, my tasks, initiatives, announcements. */
const homePage = PageBlueprint.make({
  params: {
    path: '/',
    routeRef: rootRouteRef,
    title: 'Home',
    icon: <HomeIcon />,
    loader: () => import('./components/HomePage').then(m => <m.HomePage />),
  },
});

/** Launchpad's home page. */
export default createFrontendPlugin({
  pluginId: 'home',
  title: 'Home',
  icon: <HomeIcon />,
  routes: { root: rootRouteRef },
  extensions: [homePage],
});
