/** What the portal knows about a proposed name. */
export type NameAvailability =
  | { status: 'free'; message: string }
  | { status: 'taken'; message: string }
  /** The check itself failed: the name is not blocked, the server checks again when it creates the repository. */
  | { status: 'unknown'; message: string };

/** What the catalog and the git host answered for one name. */
export interface NameLookup {
  name: string;
  /** The owner team's name (the repository's org), when an owner is chosen. */
  team?: string;
  /** Refs of entities in the default namespace with that name. */
  catalogMatches: string[];
  /** true: the repository exists, false: 404, undefined: not asked (no team yet). */
  repositoryExists?: boolean;
}

/** The sentence the form shows for a lookup. */
export function describeNameLookup(lookup: NameLookup): NameAvailability {
  const { name, team, catalogMatches, repositoryExists } = lookup;
  if (catalogMatches.length > 0) {
    return {
      status: 'taken',
      message: `"${name}" is taken: the catalog already has ${catalogMatches.join(
        ', ',
      )}. Choose another name.`,
    };
  }
  if (repositoryExists) {
    return {
      status: 'taken',
      message: `"${name}" is taken: the git host already has the repository ${team}/${name}. Choose another name.`,
    };
  }
  return {
    status: 'free',
    message:
      repositoryExists === false
        ? `"${name}" is free in the catalog and on the git host.`
        : `"${name}" is free in the catalog (choose an owner to check the git host too).`,
  };
}

/** The team (repository org) of an owner ref such as group:default/checkout, if it is one. */
export function teamOfOwner(owner: unknown): string | undefined {
  if (typeof owner !== 'string') return undefined;
  const match = /^group:(?:[a-z0-9-]+\/)?([a-z0-9-]+)$/.exec(
    owner.toLocaleLowerCase('en-US'),
  );
  return match?.[1];
}
