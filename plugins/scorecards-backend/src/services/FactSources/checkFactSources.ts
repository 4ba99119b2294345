import type { FactSource } from '@internal/plugin-scorecards-node';

const SOURCE_ID = /^[a-z][a-zA-Z0-9]*$/;

/** The fact sources, checked: ids that can prefix fact names, each used once. */
export function checkFactSources(sources: FactSource[]): FactSource[] {
  const seen = new Set<string>();
  for (const source of sources) {
    if (!SOURCE_ID.test(source.id)) {
      throw new Error(
        `Scorecards fact source id "${source.id}" must be letters and digits, starting with a lowercase letter`,
      );
    }
    if (seen.has(source.id)) {
      throw new Error(`Scorecards fact source "${source.id}" was added twice`);
    }
    seen.add(source.id);
  }
  return sources;
}
