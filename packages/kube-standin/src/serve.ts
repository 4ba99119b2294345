/*
 * Stand-in clusters in a child process, driven over IPC, for scripts that
 * are plain Node (benchmarks) and cannot load this TypeScript package
 * themselves. THESE ARE STAND-INS for Kubernetes API servers, not clusters.
 *
 *   const child = fork('packages/kube-standin/src/serve.ts', [], {
 *     execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'] });
 *   child.send({ type: 'start', id: 1, clusters: [{ name: 'prod', options: {...} }] });
 *   // -> { type: 'started', id: 1, clusters: [{ name, url, token }] }
 *   child.send({ type: 'setLatency', id: 2, name: 'prod', ms: 60000 }); // -> { type: 'done', id: 2 }
 *   child.send({ type: 'setDown', id: 3, name: 'prod', down: true });
 */
import crypto from 'node:crypto';
import { generateClusterState, type ClusterStateOptions } from './fixtures';
import { startKubeStandin, type KubeStandin } from './server';

type Message =
  | {
      type: 'start';
      id: number;
      clusters: Array<{ name: string; options: ClusterStateOptions }>;
    }
  | { type: 'setLatency'; id: number; name: string; ms: number }
  | { type: 'setDown'; id: number; name: string; down: boolean }
  | { type: 'stop'; id: number };

const clusters = new Map<string, KubeStandin>();

async function handle(m: Message) {
  switch (m.type) {
    case 'start': {
      const started = [];
      for (const c of m.clusters) {
        const token = crypto.randomBytes(24).toString('hex');
        const standin = await startKubeStandin({
          name: c.name,
          token,
          state: generateClusterState(c.options),
        });
        clusters.set(c.name, standin);
        started.push({ name: c.name, url: standin.url, token });
      }
      return { type: 'started', id: m.id, clusters: started };
    }
    case 'setLatency':
      clusters.get(m.name)!.setLatency(m.ms);
      return { type: 'done', id: m.id };
    case 'setDown':
      clusters.get(m.name)!.setDown(m.down);
      return { type: 'done', id: m.id };
    case 'stop':
      await Promise.all([...clusters.values()].map(c => c.stop()));
      process.send!({ type: 'done', id: m.id });
      return process.exit(0);
    default:
      // A message of a type this version does not know gets no reply.
      return undefined;
  }
}

if (!process.send) {
  console.error(
    'serve.ts is driven over IPC: start it with child_process.fork',
  );
  process.exit(2);
}
process.on('message', (m: Message) => {
  handle(m)
    .then(reply => reply && process.send!(reply))
    .catch(e =>
      process.send!({
        type: 'error',
        id: m.id,
        message: String(e?.message ?? e),
      }),
    );
});
process.on('disconnect', () => process.exit(0));
