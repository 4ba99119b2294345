/*
 * Demo clusters for `npm start` and the e2e journeys: three STAND-INS for
 * Kubernetes API servers (dev, stage, prod), because no real cluster can run
 * where the portal is tried out. They serve made-up workloads for every
 * component of the demo catalog that has a backstage.io/kubernetes-id, with
 * a few things going wrong on purpose, so the Kubernetes tab has something
 * to show on day one.
 *
 * Usage (TypeScript through the Backstage CLI's hook, as scripts/lib/portal.mjs does):
 *   node --require @backstage/cli/config/nodeTransform.cjs demo.ts <catalog dir> <config out>
 * It writes an app-config file with the three clusters (URLs, tokens,
 * environment tags) to <config out>, prints "ready", and serves until killed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { generateClusterState } from './fixtures';
import { startKubeStandin, type KubeStandin } from './server';
import type { Environment } from './types';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';

/** What goes wrong where, when the service is in the demo catalog. */
export const DEMO_SCENARIO = {
  /** A bad release candidate: crash-loops in stage only. */
  crashLooping: { stage: ['promotions-service'] } as Partial<
    Record<Environment, string[]>
  >,
  /** A build whose readiness probe fails in dev. */
  readinessFailing: { dev: ['recommendations-service'] } as Partial<
    Record<Environment, string[]>
  >,
  /** A release merged to git and waiting for a manual sync to prod. */
  outOfSync: { prod: ['payments-service'] } as Partial<
    Record<Environment, string[]>
  >,
  /** An envoy sidecar without probes (fails the scorecard's probes check). */
  sidecars: ['storefront-web'],
  /** Runs a single replica in prod (fails the scorecard's replicas check). */
  singleReplicaInProd: ['legacy-psp-adapter'],
};

/** The kubernetes ids of the catalog's components, from every YAML file under `dir`. */
export function demoServices(dir: string): string[] {
  const ids = new Set<string>();
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.ya?ml$/.test(entry.name)) {
        for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
          const entity = doc.toJS() as any;
          const id = entity?.metadata?.annotations?.[KUBERNETES_ID];
          if (entity?.kind === 'Component' && typeof id === 'string')
            ids.add(id);
        }
      }
    }
  };
  walk(dir);
  return [...ids].sort();
}

/** Starts the three demo clusters and returns them with the app-config that points at them. */
export async function startDemoClusters(catalogDir: string): Promise<{
  clusters: KubeStandin[];
  config: object;
}> {
  const services = demoServices(catalogDir);
  const envs: Environment[] = ['dev', 'stage', 'prod'];
  const only = (list: string[] | undefined) =>
    (list ?? []).filter(s => services.includes(s));
  const clusters: KubeStandin[] = [];
  const entries = [];
  for (const env of envs) {
    const token = crypto.randomBytes(24).toString('hex');
    const cluster = await startKubeStandin({
      name: `northwind-${env}`,
      token,
      state: generateClusterState({
        env,
        services: services.map(name =>
          env === 'prod' && DEMO_SCENARIO.singleReplicaInProd.includes(name)
            ? { name, replicas: 1 }
            : name,
        ),
        podsPerService: env === 'prod' ? 3 : 2,
        sidecars: only(DEMO_SCENARIO.sidecars),
        crashLooping: only(DEMO_SCENARIO.crashLooping[env]),
        readinessFailing: only(DEMO_SCENARIO.readinessFailing[env]),
        outOfSync: only(DEMO_SCENARIO.outOfSync[env]),
        manualSync: env === 'prod',
        seed: 'northwind',
      }),
    });
    clusters.push(cluster);
    entries.push({
      name: `northwind-${env}`,
      title: `Northwind ${env} (demo stand-in)`,
      environment: env,
      url: cluster.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: token,
      // The stand-ins speak plain HTTP on 127.0.0.1; @kubernetes/client-node
      // refuses http:// URLs unless TLS verification is off.
      skipTLSVerify: true,
    });
  }
  return {
    clusters,
    config: {
      kubernetes: {
        clusterLocatorMethods: [{ type: 'config', clusters: entries }],
      },
    },
  };
}

if (require.main === module) {
  const [catalogDir, out] = process.argv.slice(2);
  if (!catalogDir || !out) {
    console.error('usage: demo.ts <catalog dir> <config out>');
    process.exit(2);
  }
  startDemoClusters(catalogDir)
    .then(({ clusters, config }) => {
      fs.writeFileSync(
        out,
        `# Written by packages/kube-standin/src/demo.ts: demo stand-in clusters, not Kubernetes.\n${JSON.stringify(
          config,
          null,
          2,
        )}\n`,
        { mode: 0o600 },
      );
      console.log('ready');
      const stop = () =>
        Promise.all(clusters.map(c => c.stop())).then(() => process.exit(0));
      process.on('SIGTERM', stop);
      process.on('SIGINT', stop);
      process.on('disconnect', stop);
      // Never outlive the portal that started us, however it ended.
      const parent = process.ppid;
      setInterval(() => {
        if (process.ppid !== parent) stop();
      }, 1000).unref();
    })
    .catch(e => {
      console.error(e);
      process.exit(1);
    });
}
