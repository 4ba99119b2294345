import { useEntityList } from '@backstage/plugin-catalog-react';

/**
 * Upstream's entity list ends its first "load" before any filter has
 * registered (no filter yet: nothing fetched, loading false), so the table
 * says "No records to display" until the filters arrive and the real query
 * starts. While no filter is set and nothing has loaded, that message reads
 * "Loading…" instead. Rendered among the catalog filters (it shares their
 * entity list), it draws nothing itself.
 */
export function CatalogLoadingGuard() {
  const { filters, entities } = useEntityList();
  const pending =
    entities.length === 0 && Object.values(filters).every(f => f === undefined);
  if (!pending) return null;
  return (
    <style data-testid="catalog-loading-guard">
      {`table.MuiTable-root > tbody > tr > td[colspan] {
  color: transparent;
  position: relative;
}
table.MuiTable-root > tbody > tr > td[colspan]::after {
  content: 'Loading…';
  color: GrayText;
  position: absolute;
  inset: 0;
  display: grid;
  place-items: center;
}`}
    </style>
  );
}
