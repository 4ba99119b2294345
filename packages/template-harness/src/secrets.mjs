// @ts-check
// scanSecrets: secretlint (@secretlint/core) with the recommended rule preset
// (@secretlint/secretlint-rule-preset-recommend: AWS, GCP, GitHub, Slack,
// npm tokens, private keys, basic-auth URLs, ...) over every text file of a
// repository, skipping .git and node_modules.
import fs from 'node:fs/promises';
import path from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommendedPreset } from '@secretlint/secretlint-rule-preset-recommend';
import { isBinary, listFiles } from './files.mjs';

/**
 * @typedef {object} SecretFinding
 * @property {string} file    path relative to the scanned folder, POSIX separators
 * @property {number} line    1-based
 * @property {string} rule    the secretlint rule id (e.g. "@secretlint/secretlint-rule-aws")
 * @property {string} message secretlint's message, with the secret masked
 */

/** Files larger than this are not scanned (generated repos hold no such text). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** @type {import('@secretlint/types').SecretLintCoreConfig} */
const config = {
  rules: [
    {
      id: '@secretlint/secretlint-rule-preset-recommend',
      rule: recommendedPreset,
    },
  ],
};

/**
 * Scans one text with secretlint's recommended rules.
 *
 * @param {string} content
 * @param {string} file path shown in findings (its extension picks rule behaviour)
 * @returns {Promise<SecretFinding[]>}
 */
export async function scanSecretsInText(content, file) {
  const result = await lintSource({
    source: {
      content,
      filePath: file,
      ext: path.extname(file),
      contentType: 'text',
    },
    options: { config, maskSecrets: true, noPhysicFilePath: true },
  });
  return result.messages
    .filter(m => m.type === 'message')
    .map(m => ({
      file,
      line: m.loc.start.line,
      rule: m.ruleId,
      message: m.message,
    }));
}

/**
 * Scans every text file under repoDir (not .git, not node_modules; binary and
 * files over 5 MiB are skipped) with secretlint's recommended preset.
 *
 * @param {string} repoDir
 * @returns {Promise<SecretFinding[]>} findings sorted by file and line; [] when clean
 */
export async function scanSecrets(repoDir) {
  const files = await listFiles(repoDir, {
    ignoreDirs: ['.git', 'node_modules'],
  });
  /** @type {SecretFinding[]} */
  const findings = [];
  for (const rel of files) {
    const abs = path.join(repoDir, rel);
    const stat = await fs.lstat(abs);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) continue;
    const buf = await fs.readFile(abs);
    if (isBinary(buf)) continue;
    findings.push(...(await scanSecretsInText(buf.toString('utf8'), rel)));
  }
  return findings.sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line,
  );
}
