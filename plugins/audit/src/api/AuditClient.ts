import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AuditEvent,
  AuditEventFilter,
  AuditEventPage,
  AuditVerifyResult,
} from '@internal/plugin-audit-common';

/** Reads the audit trail from the audit backend (platform admins only). */
export interface AuditApi {
  /** A page of events, newest first. */
  listEvents(filter: AuditEventFilter): Promise<AuditEventPage>;
  getEvent(id: number): Promise<AuditEvent>;
  /** Walks the hash chain. */
  verify(): Promise<AuditVerifyResult>;
}

export const auditApiRef = createApiRef<AuditApi>({ id: 'plugin.audit.api' });

export class AuditClient implements AuditApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('audit');
    const res = await this.deps.fetchApi.fetch(`${base}/${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }

  listEvents(filter: AuditEventFilter) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filter)) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const query = params.toString();
    return this.get<AuditEventPage>(`events${query ? `?${query}` : ''}`);
  }

  getEvent(id: number) {
    return this.get<AuditEvent>(`events/${encodeURIComponent(String(id))}`);
  }

  verify() {
    return this.get<AuditVerifyResult>('verify');
  }
}
