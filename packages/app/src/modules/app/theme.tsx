import {
  createUnifiedTheme,
  genPageTheme,
  palettes,
  shapes,
  UnifiedThemeProvider,
} from '@backstage/theme';
import { ThemeBlueprint } from '@backstage/plugin-app-react';
import LightIcon from '@material-ui/icons/WbSunny';
import DarkIcon from '@material-ui/icons/Brightness2';

const navy = '#0b3d5c';
const teal = '#13a89e';

const pageTheme = {
  home: genPageTheme({ colors: [navy, teal], shape: shapes.wave }),
  documentation: genPageTheme({
    colors: [navy, '#3f7cac'],
    shape: shapes.wave2,
  }),
  tool: genPageTheme({ colors: [navy, '#5b6ee1'], shape: shapes.round }),
  service: genPageTheme({ colors: [navy, teal], shape: shapes.wave }),
  website: genPageTheme({ colors: [navy, '#2a9d8f'], shape: shapes.wave }),
  library: genPageTheme({ colors: [navy, '#6c757d'], shape: shapes.wave }),
  other: genPageTheme({ colors: [navy, '#3f7cac'], shape: shapes.wave }),
  app: genPageTheme({ colors: [navy, '#e76f51'], shape: shapes.wave }),
  apis: genPageTheme({ colors: [navy, '#8e6cc4'], shape: shapes.wave2 }),
  card: genPageTheme({ colors: [navy, teal], shape: shapes.wave }),
};

const light = createUnifiedTheme({
  palette: {
    ...palettes.light,
    primary: { main: navy },
    secondary: { main: teal },
    navigation: {
      ...palettes.light.navigation,
      background: '#0a2a3f',
      indicator: teal,
      selectedColor: '#ffffff',
      color: '#c7d6e0',
      navItem: { hoverBackground: '#12405e' },
    },
  },
  defaultPageTheme: 'home',
  pageTheme,
});

const dark = createUnifiedTheme({
  palette: {
    ...palettes.dark,
    primary: { main: '#6fc3df' },
    secondary: { main: teal },
  },
  defaultPageTheme: 'home',
  pageTheme,
});

export const launchpadLightTheme = ThemeBlueprint.make({
  name: 'launchpad-light',
  params: {
    theme: {
      id: 'launchpad-light',
      title: 'Launchpad light',
      variant: 'light',
      icon: <LightIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={light} children={children} />
      ),
    },
  },
});

export const launchpadDarkTheme = ThemeBlueprint.make({
  name: 'launchpad-dark',
  params: {
    theme: {
      id: 'launchpad-dark',
      title: 'Launchpad dark',
      variant: 'dark',
      icon: <DarkIcon />,
      Provider: ({ children }) => (
        <UnifiedThemeProvider theme={dark} children={children} />
      ),
    },
  },
});
