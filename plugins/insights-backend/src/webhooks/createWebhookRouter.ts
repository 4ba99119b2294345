import type { AuditorService } from '@backstage/backend-plugin-api';
import { AuthenticationError, InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { EventStore } from '../database/types';
import type { InsightEvent } from '../domain/types';
import { parseArgoCdNotification } from './parseArgoCdNotification';
import { parseGithubEvent } from './parseGithubEvent';
import { verifyGithubSignature, verifyToken } from './verifyGithubSignature';

/** Options for {@link createWebhookRouter}. */
export interface WebhookRouterOptions {
  store: EventStore;
  auditor: AuditorService;
  /** `insights.webhooks.github.secret`; without one every delivery is refused. */
  githubSecret?: string;
  /** `insights.webhooks.argocd.token`; without one every notification is refused. */
  argoCdToken?: string;
  /** Largest body read, in bytes (413 beyond). */
  maxBodyBytes: number;
}

const DELIVERY_ID = /^[0-9A-Za-z-]{1,64}$/;
const EVENT_NAME = /^[a-z_]{1,50}$/;

/**
 * The unauthenticated webhook receivers: each request is allowed in only by
 * its signature (GitHub's HMAC-SHA256 over the raw body bytes) or shared
 * token (Argo CD), checked before the body is parsed. Bodies are read raw and
 * capped; a delivery GitHub sends twice (same `X-GitHub-Delivery`) is stored
 * once. Every accepted delivery is an audit event.
 */
export function createWebhookRouter(
  options: WebhookRouterOptions,
): express.Router {
  const { store, auditor, githubSecret, argoCdToken, maxBodyBytes } = options;
  const router = Router();
  const raw = express.raw({ type: () => true, limit: maxBodyBytes });

  async function record(
    req: express.Request,
    source: string,
    event: InsightEvent,
  ) {
    const audit = await auditor.createEvent({
      eventId: 'insights-webhook',
      severityLevel: 'low',
      request: req,
      meta: {
        source,
        key: event.key,
        type: event.type,
        service: event.service,
      },
    });
    try {
      const added = await store.add([event]);
      await audit.success({ meta: { duplicate: added === 0 } });
      return added === 0;
    } catch (error) {
      await audit.fail({ error: error as Error });
      throw error;
    }
  }

  router.post('/webhooks/github', raw, async (req, res) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (
      !verifyGithubSignature(
        githubSecret ?? '',
        body,
        req.headers['x-hub-signature-256'],
      )
    ) {
      throw new AuthenticationError(
        githubSecret
          ? 'X-Hub-Signature-256 is missing or does not match the body'
          : 'No webhook secret is configured (insights.webhooks.github.secret)',
      );
    }
    const delivery = req.header('x-github-delivery') ?? '';
    if (!DELIVERY_ID.test(delivery)) {
      throw new InputError('X-GitHub-Delivery must be a delivery id');
    }
    const eventName = req.header('x-github-event') ?? '';
    if (!EVENT_NAME.test(eventName)) {
      throw new InputError('X-GitHub-Event must be an event name');
    }
    const result = parseGithubEvent(eventName, delivery, body);
    if (result.kind === 'ignored') {
      res.status(202).json({ accepted: false, reason: result.reason });
      return;
    }
    const duplicate = await record(req, 'github', result.event);
    res.status(202).json({ accepted: true, duplicate });
  });

  router.post('/webhooks/argocd', raw, async (req, res) => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyToken(argoCdToken ?? '', req.headers['x-insights-token'])) {
      throw new AuthenticationError(
        argoCdToken
          ? 'X-Insights-Token is missing or does not match'
          : 'No Argo CD token is configured (insights.webhooks.argocd.token)',
      );
    }
    const event = parseArgoCdNotification(body);
    const duplicate = await record(req, 'argocd', event);
    res.status(202).json({ accepted: true, duplicate });
  });

  return router;
}
