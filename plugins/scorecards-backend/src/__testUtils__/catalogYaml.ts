/*
 * Catalog entities as YAML files, for the tests that start the real catalog
 * on a folder of them (one definition of the test org's shape). JSON is
 * YAML: each document's metadata and spec are written as JSON.
 */

const document = (
  kind: string,
  metadata: Record<string, unknown>,
  spec: Record<string, unknown>,
) =>
  `apiVersion: backstage.io/v1alpha1\nkind: ${kind}\nmetadata: ${JSON.stringify(
    metadata,
  )}\nspec: ${JSON.stringify(spec)}\n`;

/** A Group; a team without children unless the spec says otherwise. */
export const group = (
  name: string,
  spec: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) =>
  document(
    'Group',
    { name, ...metadata },
    { type: 'team', children: [], ...spec },
  );

/** A User, member of the given groups. */
export const user = (name: string, memberOf: string[]) =>
  document('User', { name }, { memberOf });

/** A Component: a service in production unless the options say otherwise. */
export const component = (
  name: string,
  owner: string,
  options: {
    description?: string;
    type?: string;
    lifecycle?: string;
  } = {},
) =>
  document(
    'Component',
    options.description === undefined
      ? { name }
      : { name, description: options.description },
    {
      type: options.type ?? 'service',
      lifecycle: options.lifecycle ?? 'production',
      owner,
    },
  );

/** YAML documents as one file. */
export const yamlFile = (...documents: string[]) => documents.join('---\n');
