/** Limits on one documentation build; every number is from config (config.d.ts). */
export interface DocsBuildLimits {
  /** Most files the docs tree may hold. */
  maxFiles: number;
  /** Most bytes the docs tree may hold. */
  maxBytes: number;
  /** Deepest folder nesting below the checkout. */
  maxDepth: number;
  /** The mkdocs process is killed after this many milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: DocsBuildLimits = {
  maxFiles: 5000,
  maxBytes: 50 * 1024 * 1024,
  maxDepth: 32,
  timeoutMs: 120_000,
};

/** A team's docs were refused before mkdocs ran; the message says what to change. */
export class DocsRejectedError extends Error {
  name = 'DocsRejectedError';
}
