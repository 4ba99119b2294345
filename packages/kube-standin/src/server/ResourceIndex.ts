import { RESOURCE_TYPES, type ResourceType } from '../resources';
import type { ClusterState, KubeObject } from '../types';

export interface IndexedResource {
  type: ResourceType;
  /** Sorted by namespace then name, as etcd lists them */
  objects: KubeObject[];
  /** The same objects as list items: built-in types without apiVersion/kind, as the apiserver serves them */
  listItems: object[];
}

/** A cluster state ready to serve: per resource, its objects in list order. */
export interface ResourceIndex {
  byName: Map<string, IndexedResource>;
  /** The highest resourceVersion in the state: the lists' resourceVersion. */
  resourceVersion: string;
  /** Which state this is (setState counts up): continue tokens are tied to it. */
  generation: number;
}

function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

function byNamespaceThenName(a: KubeObject, b: KubeObject): number {
  return (
    compareStrings(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    compareStrings(a.metadata.name, b.metadata.name)
  );
}

export function buildResourceIndex(
  state: ClusterState,
  generation: number,
): ResourceIndex {
  const byName = new Map<string, IndexedResource>();
  let maxRv = 0;
  for (const type of RESOURCE_TYPES) {
    const objects = [...(state.resources[type.name] ?? [])].sort(
      byNamespaceThenName,
    );
    for (const o of objects)
      maxRv = Math.max(maxRv, Number(o.metadata.resourceVersion ?? 0));
    const listItems = type.customResource
      ? objects
      : objects.map(({ apiVersion: _a, kind: _k, ...rest }) => rest);
    byName.set(type.name, { type, objects, listItems });
  }
  return { byName, resourceVersion: String(maxRv || 1), generation };
}
