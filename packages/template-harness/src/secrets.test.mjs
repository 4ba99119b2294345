// @ts-check
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { scanSecrets } from './index.mjs';

// Built at test time so this repository never holds a real-looking secret.
const fakeAccessKeyId = ['AK', 'IA', 'Q7WJ3ZKX', '4PLM2N8R'].join('');
const alphabet = 'abcdEFGH1234ijklMNOP5678qrstUVWX90yzYZ/+';
const fakeSecretAccessKey = Array.from(
  { length: 40 },
  (_, i) => alphabet[(i * 7) % alphabet.length],
).join('');

/**
 * @param {Record<string, string | Buffer>} files
 * @returns {Promise<string>}
 */
async function repo(files) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'harness-secrets-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

test('a fake AWS secret access key is flagged; .git and node_modules are skipped', async () => {
  const leaked = `region: eu-west-1\naws_access_key_id: ${fakeAccessKeyId}\naws_secret_access_key: ${fakeSecretAccessKey}\n`;
  const dir = await repo({
    'README.md': '# orders\n',
    'config/aws.yaml': leaked,
    '.git/config': leaked,
    'node_modules/pkg/creds.yaml': leaked,
    'assets/logo.bin': Buffer.from([0, 1, 2, 3, 0, 255]),
  });
  try {
    const findings = await scanSecrets(dir);
    assert.equal(findings.length, 1, JSON.stringify(findings, null, 2));
    assert.equal(findings[0].file, 'config/aws.yaml');
    assert.equal(findings[0].line, 3);
    assert.equal(findings[0].rule, '@secretlint/secretlint-rule-aws');
    assert.match(findings[0].message, /AWS Secret Access Key/);
    assert.ok(
      !findings[0].message.includes(fakeSecretAccessKey),
      'the secret is masked',
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a private key block is flagged by the preset too', async () => {
  const pem = ['-----BEGIN', 'RSA PRIVATE KEY-----'].join(' ');
  // base64 of an ASN.1 SEQUENCE starts with "MI": the rule ignores placeholders that do not
  const body = [
    'MI',
    'IEpAIBAAKCAQEA',
    ...Array.from({ length: 8 }, (_, i) => alphabet.repeat(2).slice(i, i + 64)),
  ]
    .join('')
    .replace(/(.{64})/g, '$1\n')
    .trim();
  const dir = await repo({
    'deploy/key.pem': `${pem}\n${body}\n${pem.replace('BEGIN', 'END')}\n`,
  });
  try {
    const findings = await scanSecrets(dir);
    assert.deepEqual(
      findings.map(f => `${f.file}:${f.line} ${f.rule}`),
      ['deploy/key.pem:1 @secretlint/secretlint-rule-privatekey'],
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('a clean repository has no findings', async () => {
  const dir = await repo({
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\n',
    'charts/orders/values.yaml':
      'image:\n  repository: registry.example.internal/orders\n  tag: ""\n',
  });
  try {
    assert.deepEqual(await scanSecrets(dir), []);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
