import type { TableColumn } from '@backstage/core-components';
import type { Theme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';

/** Whether the screen is phone-sized (MUI's xs: under 600 px). */
export function useNarrow(): boolean {
  return useMediaQuery((theme: Theme) => theme.breakpoints.down('xs'));
}

/**
 * A table's columns for the screen: on a narrow one only those titled in
 * `keep`, and long values (pod names, images) wrap inside their cell
 * instead of running out of it.
 */
export function columnsFor<T extends object>(
  columns: TableColumn<T>[],
  narrow: boolean,
  keep: string[],
): TableColumn<T>[] {
  if (!narrow) return columns;
  return columns.map(column => ({
    ...column,
    hidden: !keep.includes(String(column.title)),
    cellStyle: { overflowWrap: 'anywhere', wordBreak: 'break-word' },
  }));
}
