import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { CatalogGraphPage, Direction } from '@backstage/plugin-catalog-graph';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useMemo, useState } from 'react';
import { useLocation } from 'react-router-dom';
import { graphPath, hasRoot, matchStarts, START_KINDS } from './graphStarts';

function useStartEntities() {
  const catalogApi = useApi(catalogApiRef);
  const [state, setState] = useState<{ items?: Entity[]; error?: Error }>({});
  useEffect(() => {
    let current = true;
    catalogApi
      .getEntities({
        filter: { kind: START_KINDS },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      })
      .then(
        r => current && setState({ items: r.items }),
        error => current && setState({ error }),
      );
    return () => {
      current = false;
    };
  }, [catalogApi]);
  return state;
}

/** Before a graph can be drawn: which entity to start from. */
export function GraphStartPicker() {
  const { pathname } = useLocation();
  const { items, error } = useStartEntities();
  const [query, setQuery] = useState('');
  const starts = useMemo(
    () => (items ? matchStarts(items, query) : []),
    [items, query],
  );
  return (
    <Page themeId="home">
      <Header title="Catalog Graph" subtitle="Start from one entity" />
      <Content>
        <Typography paragraph>
          The graph shows an entity and what it is related to, two hops deep.
          Pick where to start; click a node in the graph to move there.
        </Typography>
        <TextField
          label="Starting entity"
          placeholder="e.g. checkout"
          variant="outlined"
          fullWidth
          value={query}
          onChange={e => setQuery(e.target.value)}
          inputProps={{ 'aria-label': 'Starting entity' }}
        />
        {error && <ResponseErrorPanel error={error} />}
        {!items && !error && <Progress />}
        {items && (
          <List data-testid="graph-starts">
            {starts.length === 0 && (
              <Typography color="textSecondary">
                Nothing in the catalog matches “{query}”.
              </Typography>
            )}
            {starts.map(start => (
              <ListItem key={start.entityRef} disableGutters>
                <ListItemText
                  primary={
                    <Link to={graphPath(pathname, start.entityRef)}>
                      {start.title}
                    </Link>
                  }
                  secondary={start.kind}
                />
              </ListItem>
            ))}
          </List>
        )}
      </Content>
    </Page>
  );
}

/**
 * The catalog graph around the entity in the URL, or, when the URL names
 * none (the sidebar's link), a picker for where to start instead of an
 * empty canvas.
 */
export function CatalogGraphWithPicker() {
  const { search } = useLocation();
  if (!hasRoot(search)) return <GraphStartPicker />;
  return (
    <CatalogGraphPage
      initialState={{
        maxDepth: 2,
        unidirectional: true,
        mergeRelations: true,
        direction: Direction.LEFT_RIGHT,
      }}
    />
  );
}
