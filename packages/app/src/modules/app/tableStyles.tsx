import { AppRootElementBlueprint } from '@backstage/frontend-plugin-api';
import { TableStyles } from './TableLayoutStyles';

/** Tables that fit at 1440 px and read on a phone, whichever theme is chosen. */
export const tableStyles = AppRootElementBlueprint.make({
  name: 'table-styles',
  params: { element: <TableStyles /> },
});
