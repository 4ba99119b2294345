import type { ClusterState } from '../types';
import type { ResourceIndex } from './ResourceIndex';

export interface KubeStandinOptions {
  /** What the cluster holds; see generateClusterState(). */
  state: ClusterState;
  /** The bearer token clients must send (a service account token, for Backstage's `serviceAccount` auth). */
  token: string;
  /** A name for messages and the request log; defaults to the state's environment. */
  name?: string;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /** Initial latency added to every response, in ms. */
  latencyMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface KubeStandin {
  /** Base URL of the API server, e.g. http://127.0.0.1:41234 */
  url: string;
  name: string;
  /** Closes the port and drops open connections. */
  stop(): Promise<void>;
  /** While down, every connection is dropped without an answer. */
  setDown(down: boolean): void;
  /** Delay every response (including errors) by this many ms; 0 to stop. */
  setLatency(ms: number): void;
  /** Accept another bearer token from now on (the old one gets 401), as when a token is rotated or revoked. */
  setToken(token: string): void;
  /** Replace what the cluster serves; continue tokens from before become invalid. */
  setState(state: ClusterState): void;
  /** The last requests answered (up to 1000), for tests to see what clients asked. */
  readonly requests: RecordedRequest[];
}

/** What a running stand-in serves now; setState() and setToken() replace parts of it. */
export interface ServedCluster {
  state: ClusterState;
  index: ResourceIndex;
  token: string;
}
