// Module resolution hook (registered by index.mjs, only when needed): points
// the platform binary package at a copy that the `postgres` user can reach.
import { pathToFileURL } from 'node:url';

let relocated = {};

export async function initialize(data) {
  relocated = data?.packages ?? {};
}

export async function resolve(specifier, context, nextResolve) {
  const target = relocated[specifier];
  if (target) return { url: pathToFileURL(target).href, shortCircuit: true };
  return nextResolve(specifier, context);
}
