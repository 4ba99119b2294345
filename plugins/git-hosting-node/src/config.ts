import type { RootConfigService } from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import path from 'node:path';
import { defaultGitRunnerOptions, GitRunnerOptions } from './git/GitRunner';

/** The git host's settings (`gitHosting` in app-config), with defaults filled in. */
export interface GitHostingSettings {
  /** Absolute folder of the bare repositories. */
  root: string;
  runner: GitRunnerOptions;
  /** Largest upload-pack request body (after gzip), in bytes. */
  maxRequestBodyBytes: number;
  /** Longest a client may take to send an upload-pack request body. */
  requestBodyTimeoutMs: number;
  /** Longest glob the UrlReader's search accepts. */
  maxGlobLength: number;
  /** Most files one search may match. */
  maxSearchMatches: number;
  /** Largest diff of a change proposal returned, in bytes; longer ones are cut and say so. */
  maxDiffBytes: number;
}

export const defaultGitHostingSettings: Omit<GitHostingSettings, 'root'> = {
  runner: defaultGitRunnerOptions,
  maxRequestBodyBytes: 8 * 1024 * 1024,
  requestBodyTimeoutMs: 30_000,
  maxGlobLength: 512,
  maxSearchMatches: 1000,
  maxDiffBytes: 1024 * 1024,
};

/** Reads `gitHosting.*`; every value has a default (see config.d.ts). */
export function readGitHostingSettings(
  config: RootConfigService,
): GitHostingSettings {
  const duration = (key: string, fallback: number) =>
    config.has(key)
      ? durationToMilliseconds(readDurationFromConfig(config, { key }))
      : fallback;
  const positive = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${key} must be a positive integer, got ${value}`);
    return value;
  };
  const d = defaultGitHostingSettings;
  return {
    root: path.resolve(
      config.getOptionalString('gitHosting.root') ?? '../../data/git',
    ),
    runner: {
      commandTimeoutMs: duration(
        'gitHosting.timeouts.command',
        d.runner.commandTimeoutMs,
      ),
      transferTimeoutMs: duration(
        'gitHosting.timeouts.transfer',
        d.runner.transferTimeoutMs,
      ),
      queueTimeoutMs: duration(
        'gitHosting.timeouts.queue',
        d.runner.queueTimeoutMs,
      ),
      maxRunning: positive(
        'gitHosting.limits.concurrency',
        d.runner.maxRunning,
      ),
      maxQueued:
        config.getOptionalNumber('gitHosting.limits.queue') ??
        d.runner.maxQueued,
    },
    requestBodyTimeoutMs: duration(
      'gitHosting.timeouts.requestBody',
      d.requestBodyTimeoutMs,
    ),
    maxRequestBodyBytes: positive(
      'gitHosting.limits.requestBodyBytes',
      d.maxRequestBodyBytes,
    ),
    maxGlobLength: positive('gitHosting.limits.globLength', d.maxGlobLength),
    maxSearchMatches: positive(
      'gitHosting.limits.searchMatches',
      d.maxSearchMatches,
    ),
    maxDiffBytes: positive('gitHosting.limits.diffBytes', d.maxDiffBytes),
  };
}
