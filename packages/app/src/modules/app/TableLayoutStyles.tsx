import { makeStyles } from '@material-ui/core/styles';

/** Phones: MUI's xs, under 600 px. */
const PHONE = '@media (max-width: 599.95px)';
const CELL = 'table.MuiTable-root > tbody > tr > td.MuiTableCell-root';

const useTableStyles = makeStyles(theme => ({
  '@global': {
    // Backstage's theme gives table cells `word-break: break-word`, which
    // lets an auto-layout table squeeze a column below its longest word: the
    // catalog's names broke mid-word at 1440 px. Columns are at least as
    // wide as their longest word now; only a token longer than the table's
    // room (an image digest) still wraps.
    'table.MuiTable-root .MuiTableCell-root': {
      wordBreak: 'normal',
      overflowWrap: 'break-word',
    },
    // Dense tables (the catalog) keep less room beside each value, so eight
    // columns fit beside the catalog's filters at 1440 px without a
    // horizontal scroll that hides the tags and actions.
    [`table.MuiTable-root .MuiTableCell-sizeSmall:not(.MuiTableCell-paddingNone),
      table.MuiTable-root th.MuiTableCell-head:not(.MuiTableCell-paddingNone)`]:
      {
        paddingLeft: `${theme.spacing(1)}px !important`,
        paddingRight: `${theme.spacing(1)}px !important`,
      },
    // An entity page's tabs scroll sideways on a narrow screen instead of
    // widening the page.
    'nav.bui-HeaderNav': { overflowX: 'auto', maxWidth: '100%' },
    // On a phone each row is stacked: the first cell (the name) on its own
    // line, the other values wrapped under it, no header row, instead of
    // eight columns three letters wide.
    [PHONE]: {
      'table.MuiTable-root > thead.MuiTableHead-root': { display: 'none' },
      'table.MuiTable-root > tbody > tr.MuiTableRow-root': {
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'center',
        padding: theme.spacing(1, 0),
        borderBottom: `1px solid ${theme.palette.divider}`,
      },
      [CELL]: {
        display: 'block',
        width: 'auto !important',
        maxWidth: '100%',
        padding: `${theme.spacing(0.5, 1)} !important`,
        borderBottom: 0,
      },
      [`${CELL}:first-child, ${CELL}[colspan]`]: { flexBasis: '100%' },
    },
  },
}));

/** Launchpad's table layout for every page (see the rules above); renders nothing. */
export function TableStyles() {
  useTableStyles();
  return null;
}
