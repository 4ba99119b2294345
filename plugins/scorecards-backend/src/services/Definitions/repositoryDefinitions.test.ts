/*
 * The platform team's definitions in the repository's scorecards/ folder
 * load without errors, and use only facts that a source provides or will.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { factSourceOf } from '@internal/plugin-scorecards-common';
import path from 'node:path';
import { CATALOG_FACTS } from '../FactSources/CatalogFactSource';
import { FolderDefinitionsService } from './FolderDefinitionsService';

describe('the scorecards/ folder of this repository', () => {
  it('loads without errors, with catalog checks only over facts the catalog provides', async () => {
    const service = await FolderDefinitionsService.create({
      dir: path.resolve(__dirname, '../../../../../scorecards'),
      logger: mockServices.logger.mock(),
    });
    expect(service.errors()).toEqual([]);
    expect(service.list().map(l => l.definition.id)).toContain(
      'service-maturity',
    );

    const facts = service
      .list()
      .flatMap(l => l.definition.checks.map(c => c.fact));
    const catalogFacts = facts.filter(f => factSourceOf(f) === 'catalog');
    expect(catalogFacts.filter(f => !(f in CATALOG_FACTS))).toEqual([]);
    // Sources still to come: their checks evaluate as unknown until then.
    expect([...new Set(facts.map(factSourceOf))].sort()).toEqual([
      'catalog',
      'k8s',
      'repo',
    ]);
  });
});
