import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterState } from '../types';
import { FaultInjection } from './FaultInjection';
import { handleRequest } from './handleRequest';
import { buildResourceIndex } from './ResourceIndex';
import type {
  KubeStandin,
  KubeStandinOptions,
  RecordedRequest,
  ServedCluster,
} from './types';

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts a stand-in API server on 127.0.0.1 serving `options.state`. */
export async function startKubeStandin(
  options: KubeStandinOptions,
): Promise<KubeStandin> {
  let generation = 0;
  const served: ServedCluster = {
    state: options.state,
    index: buildResourceIndex(options.state, generation),
    token: options.token,
  };
  const requests: RecordedRequest[] = [];
  const faults = new FaultInjection(options.latencyMs ?? 0);

  const server = http.createServer((req, res) =>
    faults.serve(req, res, (rq, rs) => handleRequest(served, requests, rq, rs)),
  );
  server.keepAliveTimeout = 30_000;
  server.on('connection', socket => faults.accept(socket));
  await listen(server, options.port ?? 0);
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    name: options.name ?? options.state.env,
    requests,
    async stop() {
      if (!faults.stop()) return;
      const closed = new Promise<void>(resolve =>
        server.close(() => resolve()),
      );
      faults.dropConnections();
      server.closeAllConnections();
      await closed;
    },
    setDown(value: boolean) {
      faults.setDown(value);
    },
    setLatency(ms: number) {
      faults.setLatency(ms);
    },
    setToken(next: string) {
      served.token = next;
    },
    setState(next: ClusterState) {
      generation += 1;
      served.state = next;
      served.index = buildResourceIndex(next, generation);
    },
  };
}
