import { ConfigReader } from '@backstage/config';
import { readClusters } from './readClusters';

const cluster = (name: string, environment?: string) => ({
  name,
  url: `https://${name}.example`,
  authProvider: 'serviceAccount',
  serviceAccountToken: `${name}-token`,
  ...(environment && { environment }),
});

describe('readClusters', () => {
  it('orders environments as launchpad.environments lists them, then the other tags by name', () => {
    const result = readClusters(
      new ConfigReader({
        launchpad: {
          environments: [{ name: 'dev' }, { name: 'stage' }, { name: 'prod' }],
        },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                cluster('eu-prod', 'prod'),
                cluster('sandbox', 'qa'),
                cluster('eu-dev', 'dev'),
                cluster('lab'),
              ],
            },
            { type: 'localKubectlProxy' },
          ],
        },
      }),
    );
    expect(result.environments).toEqual(['dev', 'stage', 'prod', 'qa']);
    expect([...result.environmentOf]).toEqual([
      ['eu-prod', 'prod'],
      ['sandbox', 'qa'],
      ['eu-dev', 'dev'],
      ['lab', 'unassigned'],
    ]);
    expect(result.clusters[0]).toMatchObject({
      serviceAccountToken: 'eu-prod-token',
      skipTLSVerify: false,
    });
  });

  it('refuses an environment tag that is not an id, naming the cluster', () => {
    expect(() =>
      readClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'config', clusters: [cluster('eu-prod', 'Prod EU')] },
            ],
          },
        }),
      ),
    ).toThrow(
      "kubernetes cluster 'eu-prod': environment 'Prod EU' must be lowercase letters, digits and dashes, e.g. prod",
    );
  });

  it('works with no clusters at all', () => {
    expect(readClusters(new ConfigReader({}))).toEqual({
      clusters: [],
      environments: [],
      environmentOf: new Map(),
    });
  });
});
