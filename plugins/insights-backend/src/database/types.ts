import type { InsightEvent, InsightEventType } from '../domain/types';

/** Last observed health of a cluster workload. */
export interface WorkloadHealth {
  workload: string;
  service: string;
  environment: string;
  healthy: boolean;
  since: number;
}

/** Where insight events are kept. */
export interface EventStore {
  /** Stores events; those whose key is already stored are skipped. Returns how many were new. */
  add(events: InsightEvent[]): Promise<number>;
  /** Events of the given types that occurred at or after `since` (all when undefined). */
  list(options: {
    types: InsightEventType[];
    since?: number;
    services?: string[];
    /** Read `detail` too (default true); the reports need it only for repositories. */
    withDetail?: boolean;
  }): Promise<InsightEvent[]>;
  /** Keys among `keys` already stored. */
  existingKeys(keys: string[]): Promise<Set<string>>;
  /** Events per type that occurred at or after `since`. */
  countByType(since: number): Promise<Record<InsightEventType, number>>;
  workloadHealth(): Promise<Map<string, WorkloadHealth>>;
  setWorkloadHealth(rows: WorkloadHealth[]): Promise<void>;
}
