#!/usr/bin/env node
// The test webhook sender: posts signed GitHub workflow_run deliveries and
// Argo CD notifications to a running portal, exactly as GitHub and Argo CD
// would, so the insights page shows real data in local mode.
//
//   node plugins/insights-backend/bin/send-test-events.mjs ci --service loyalty-service [--conclusion success]
//   node plugins/insights-backend/bin/send-test-events.mjs deploy --service loyalty-service [--environment dev]
//   node plugins/insights-backend/bin/send-test-events.mjs history [--weeks 8] [--services a,b]
//
// --url (default http://localhost:7007), --secret and --token default to the
// local demo's values in app-config.yaml (INSIGHTS_GITHUB_WEBHOOK_SECRET and
// INSIGHTS_ARGOCD_TOKEN override them).
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

/** The insights block of app-config.yaml, read without a YAML library (two known keys). */
function localSecrets() {
  try {
    const text = fs.readFileSync(
      path.join(repoRoot, 'app-config.yaml'),
      'utf8',
    );
    const block = text.slice(text.search(/^insights:/m));
    return {
      secret: /\n\s+secret:\s*(\S+)/.exec(block)?.[1],
      token: /\n\s+token:\s*(\S+)/.exec(block)?.[1],
    };
  } catch {
    return {};
  }
}

const DEMO_SERVICES = [
  'checkout-service',
  'payments-service',
  'orders-service',
  'inventory-service',
  'product-catalog-service',
  'storefront-web',
];

const randomSha = () =>
  createHmac('sha1', randomUUID()).update('x').digest('hex');

/** Posts one signed workflow_run (completed) delivery. */
export async function sendWorkflowRun(
  target,
  {
    service,
    owner = 'northwind',
    conclusion = 'success',
    sha,
    commitAt,
    endedAt,
  },
) {
  const { base, secret } = target;
  const ended = endedAt ?? new Date();
  const started = new Date(ended.getTime() - 4 * 60_000);
  const body = JSON.stringify({
    action: 'completed',
    workflow_run: {
      id: Math.floor(Math.random() * 1e9),
      name: 'ci',
      head_branch: 'main',
      head_sha: sha ?? randomSha(),
      event: 'push',
      status: 'completed',
      conclusion,
      run_started_at: started.toISOString(),
      created_at: started.toISOString(),
      updated_at: ended.toISOString(),
      head_commit: {
        timestamp: (
          commitAt ?? new Date(started.getTime() - 60_000)
        ).toISOString(),
      },
    },
    repository: { name: service, full_name: `${owner}/${service}` },
  });
  const res = await fetch(`${base}/github`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-GitHub-Event': 'workflow_run',
      'X-GitHub-Delivery': randomUUID(),
      'X-Hub-Signature-256': `sha256=${createHmac('sha256', secret)
        .update(body)
        .digest('hex')}`,
    },
    body,
  });
  if (res.status !== 202)
    throw new Error(`github webhook: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Posts one Argo CD notification. */
export async function sendArgoCd(
  target,
  { trigger, service, environment, revision, at },
) {
  const { base, token } = target;
  const res = await fetch(`${base}/argocd`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Insights-Token': token,
    },
    body: JSON.stringify({
      trigger,
      app: `${service}-${environment}`,
      service,
      environment,
      ...(revision ? { revision } : {}),
      at: (at ?? new Date()).toISOString(),
    }),
  });
  if (res.status !== 202)
    throw new Error(`argocd webhook: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Weeks of history for the demo services: commits, CI, deployments to dev and prod, a few incidents. */
async function history(target, services, weeks, owner) {
  let sent = 0;
  const now = Date.now();
  const HOUR = 3600_000;
  for (const [i, service] of services.entries()) {
    // each service its own pace: a deployment every 1–4 days
    const everyDays = 1 + (i % 4);
    for (
      let t = now - weeks * 7 * 24 * HOUR;
      t < now - HOUR;
      t += everyDays * 24 * HOUR
    ) {
      const sha = randomSha();
      const commitAt = new Date(t);
      const ciAt = new Date(t + (20 + ((i * 7) % 30)) * 60_000);
      const red = (t / HOUR + i) % 9 < 1;
      await sendWorkflowRun(target, {
        service,
        owner,
        conclusion: red ? 'failure' : 'success',
        sha,
        commitAt,
        endedAt: ciAt,
      });
      sent++;
      if (red) continue;
      await sendArgoCd(target, {
        trigger: 'on-deployed',
        service,
        environment: 'dev',
        revision: sha,
        at: new Date(ciAt.getTime() + 10 * 60_000),
      });
      const prodAt = new Date(ciAt.getTime() + (2 + i) * HOUR);
      if (prodAt.getTime() > now) continue;
      await sendArgoCd(target, {
        trigger: 'on-deployed',
        service,
        environment: 'prod',
        revision: sha,
        at: prodAt,
      });
      sent += 2;
      if ((t / HOUR + i * 5) % 7 < 1) {
        await sendArgoCd(target, {
          trigger: 'on-health-degraded',
          service,
          environment: 'prod',
          at: new Date(prodAt.getTime() + 30 * 60_000),
        });
        await sendArgoCd(target, {
          trigger: 'on-health-restored',
          service,
          environment: 'prod',
          at: new Date(prodAt.getTime() + (1 + i) * HOUR),
        });
        sent += 2;
      }
    }
  }
  return sent;
}

/**
 * Where and how to send: the portal's URL and the webhook secrets (the local
 * demo's from app-config.yaml unless given or set in the environment).
 */
export function senderTarget({
  url = 'http://localhost:7007',
  secret,
  token,
} = {}) {
  const local = localSecrets();
  return {
    base: `${url.replace(/\/$/, '')}/api/insights/webhooks`,
    secret:
      secret ?? process.env.INSIGHTS_GITHUB_WEBHOOK_SECRET ?? local.secret,
    token: token ?? process.env.INSIGHTS_ARGOCD_TOKEN ?? local.token,
  };
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://localhost:7007' },
      secret: { type: 'string' },
      token: { type: 'string' },
      service: { type: 'string' },
      owner: { type: 'string', default: 'northwind' },
      conclusion: { type: 'string', default: 'success' },
      environment: { type: 'string', default: 'dev' },
      sha: { type: 'string' },
      weeks: { type: 'string', default: '8' },
      services: { type: 'string' },
    },
  });

  const target = senderTarget(values);
  const { secret, token } = target;
  if (!secret || !token)
    throw new Error('No webhook secret or token: pass --secret and --token');
  const [command] = positionals;
  if (command === 'ci') {
    if (!values.service) throw new Error('ci needs --service');
    console.log(
      await sendWorkflowRun(target, {
        service: values.service,
        owner: values.owner,
        conclusion: values.conclusion,
        sha: values.sha,
      }),
    );
  } else if (command === 'deploy') {
    if (!values.service) throw new Error('deploy needs --service');
    console.log(
      await sendArgoCd(target, {
        trigger: 'on-deployed',
        service: values.service,
        environment: values.environment,
        revision: values.sha,
      }),
    );
  } else if (command === 'history') {
    const services = values.services
      ? values.services.split(',')
      : DEMO_SERVICES;
    console.log(
      `sent ${await history(
        target,
        services,
        Number(values.weeks),
        values.owner,
      )} events for ${services.length} services`,
    );
  } else {
    throw new Error(
      'usage: send-test-events.mjs ci|deploy|history [options] (see the file header)',
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch(e => {
    console.error(e.message);
    process.exit(1);
  });
}
