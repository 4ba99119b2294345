import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
  AuditorServiceEventSeverityLevel,
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { AuditSeverity } from '@internal/plugin-audit-common';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { storableOptionalText, toStorableJson } from '../chain/storable';
import type { AuditStore, NewAuditRow } from '../database/types';
import { describeActionType, describeTarget } from './describeEvent';
import { redactUrl } from './redactUrl';

/** Log level per severity, as Backstage's `backend.auditor.severityLogLevelMappings`. */
export type SeverityLogLevels = Record<
  AuditSeverity,
  'debug' | 'info' | 'warn' | 'error'
>;

/** What goes to Postgres (see the README: "Which events are stored"). */
export interface StoragePolicy {
  /** Events at this severity or above are stored. */
  minSeverity: AuditSeverity;
}

const SEVERITY_RANK: Record<AuditSeverity, number> = {
  low: 0,
  medium: 1,
  high: 2,
  critical: 3,
};
/** Failures stored whatever their severity: someone was refused. */
const DENIAL_ERRORS = new Set(['NotAllowedError', 'AuthenticationError']);
const MAX_META_BYTES = 32 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** One request id per request, shared by an event's steps and every event of the request. */
const requestIds = new WeakMap<object, string>();

function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    // A plugin may pass a copy of the request (the Kubernetes proxy does):
    // the id already sent back for this response wins.
    const res = request.res;
    const sent = res?.getHeader?.('x-request-id');
    const header = request.get?.('x-request-id');
    if (typeof sent === 'string' && REQUEST_ID.test(sent)) id = sent;
    else if (header && REQUEST_ID.test(header)) id = header;
    else id = randomUUID();
    requestIds.set(request, id);
    if (res && !res.headersSent && !sent) res.setHeader('x-request-id', id);
  }
  return id;
}

interface Described {
  actor: string | null;
  actorDetails: JsonObject | null;
  requestId: string | null;
  requestMethod: string | null;
  requestUrl: string | null;
}

/**
 * Backstage's AuditorService writing to two sinks: the log (as Backstage's
 * default auditor does, every step including `initiated`) and the
 * hash-chained Postgres trail (final outcomes only, see StoragePolicy).
 */
export class ChainedAuditorService implements AuditorService {
  constructor(
    private readonly deps: {
      pluginId: string;
      auth: AuthService;
      httpAuth: HttpAuthService;
      /** The plugin's logger; audit lines are its `isAuditEvent` child. */
      logger: LoggerService;
      store: () => Promise<AuditStore>;
      policy: StoragePolicy;
      logLevels: SeverityLogLevels;
    },
  ) {}

  async createEvent(
    options: AuditorServiceCreateEventOptions,
  ): Promise<AuditorServiceEvent> {
    const severity = options.severityLevel ?? 'low';
    const described = await this.describe(options.request);
    this.log(options, severity, described, 'initiated', options.meta);
    return {
      success: async params => {
        const meta = { ...options.meta, ...params?.meta };
        this.log(options, severity, described, 'succeeded', meta);
        await this.store(options, severity, described, 'succeeded', meta);
      },
      fail: async params => {
        const meta = { ...options.meta, ...params?.meta };
        this.log(options, severity, described, 'failed', meta, params.error);
        await this.store(
          options,
          severity,
          described,
          'failed',
          meta,
          params.error,
        );
      },
    };
  }

  private async describe(request: Request | undefined): Promise<Described> {
    let credentials: BackstageCredentials =
      await this.deps.auth.getOwnServiceCredentials();
    if (request) {
      try {
        credentials = await this.deps.httpAuth.credentials(request);
      } catch (error) {
        throw new ForwardedError('Could not resolve credentials', error);
      }
    }
    let actor: string | null = null;
    let via: string | undefined;
    if (this.deps.auth.isPrincipal(credentials, 'user')) {
      actor = credentials.principal.userEntityRef;
      via = credentials.principal.actor?.subject;
    } else if (this.deps.auth.isPrincipal(credentials, 'service')) {
      actor = credentials.principal.subject;
    }
    const details = request
      ? {
          ip: storableOptionalText(request.ip, 100) ?? undefined,
          hostname: storableOptionalText(request.hostname, 255) ?? undefined,
          userAgent:
            storableOptionalText(request.get?.('user-agent'), 512) ?? undefined,
          via,
        }
      : { via };
    return {
      actor: storableOptionalText(actor, 512),
      actorDetails: toStorableJson(details, 4096),
      requestId: request ? requestIdOf(request) : null,
      requestMethod: storableOptionalText(request?.method, 16),
      requestUrl: storableOptionalText(
        request ? redactUrl(request.originalUrl ?? request.url) : undefined,
        2048,
      ),
    };
  }

  private log(
    options: AuditorServiceCreateEventOptions,
    severity: AuditorServiceEventSeverityLevel,
    described: Described,
    status: 'initiated' | 'succeeded' | 'failed',
    meta: JsonObject | undefined,
    error?: Error,
  ) {
    const logger = this.deps.logger.child({ isAuditEvent: true });
    const level = this.deps.logLevels[severity];
    const message = `${this.deps.pluginId}.${options.eventId}`;
    const details = (described.actorDetails ?? {}) as Record<string, unknown>;
    const event = {
      plugin: this.deps.pluginId,
      eventId: options.eventId,
      severityLevel: severity,
      actor: {
        actorId: described.actor ?? undefined,
        ip: details.ip,
        hostname: details.hostname,
        userAgent: details.userAgent,
      },
      request: options.request
        ? { url: described.requestUrl, method: described.requestMethod }
        : undefined,
      requestId: described.requestId ?? undefined,
      meta: meta && Object.keys(meta).length > 0 ? meta : undefined,
      status,
    };
    if (error) {
      // As Backstage's default auditor: the error as the log line's error.
      logger.child(event as unknown as JsonObject)[level](message, error);
    } else {
      logger[level](message, event as unknown as JsonObject);
    }
  }

  private shouldStore(severity: AuditSeverity, error?: Error) {
    if (SEVERITY_RANK[severity] >= SEVERITY_RANK[this.deps.policy.minSeverity])
      return true;
    return error !== undefined && DENIAL_ERRORS.has(error.name);
  }

  private async store(
    options: AuditorServiceCreateEventOptions,
    severity: AuditSeverity,
    described: Described,
    outcome: 'succeeded' | 'failed',
    rawMeta: JsonObject,
    error?: Error,
  ) {
    if (!this.shouldStore(severity, error)) return;
    const meta = toStorableJson(rawMeta, MAX_META_BYTES);
    const eventId = storableOptionalText(options.eventId, 100) ?? 'unknown';
    const row: NewAuditRow = {
      time: new Date(),
      plugin: this.deps.pluginId,
      eventId,
      actionType: describeActionType(meta),
      ...described,
      target: describeTarget(eventId, meta),
      outcome,
      severity,
      meta,
      error: error
        ? storableOptionalText(`${error.name}: ${error.message}`, 4096)
        : null,
    };
    try {
      await (await this.deps.store()).append(row);
    } catch (e) {
      // Fail open: the operation goes on and the log sink has the event;
      // this line says the trail is missing it.
      this.deps.logger.error(
        `Audit event ${this.deps.pluginId}.${eventId} could not be written to the audit trail`,
        e as Error,
      );
    }
  }
}
