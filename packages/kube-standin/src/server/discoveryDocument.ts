import {
  RESOURCE_TYPES,
  READ_VERBS,
  apiVersionOf,
  groupVersions,
} from '../resources';

/** The Kubernetes version the stand-in reports on /version. */
export const STANDIN_KUBERNETES_VERSION = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4',
};

type GroupVersions = { group: string; versions: string[] };

function versionInfo() {
  return {
    ...STANDIN_KUBERNETES_VERSION,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2024-12-10T00:00:00Z',
    goVersion: 'go1.22.9',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

function apiVersions(host: string | undefined) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [
      { clientCIDR: '0.0.0.0/0', serverAddress: host ?? '127.0.0.1' },
    ],
  };
}

function apiGroup(g: GroupVersions) {
  return {
    name: g.group,
    versions: g.versions.map(v => ({
      groupVersion: `${g.group}/${v}`,
      version: v,
    })),
    preferredVersion: {
      groupVersion: `${g.group}/${g.versions[0]}`,
      version: g.versions[0],
    },
  };
}

/** The APIResourceList of a group version; undefined when it serves nothing. */
function apiResourceList(gv: { group: string; version: string }) {
  const types = RESOURCE_TYPES.filter(
    t => t.group === gv.group && t.version === gv.version,
  );
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(gv),
    resources: types.flatMap(t => [
      {
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.verbs ?? READ_VERBS,
        ...(t.shortNames && { shortNames: t.shortNames }),
      },
      ...(t.subresources ?? []).map(sub => ({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get'],
      })),
    ]),
  };
}

/**
 * The discovery document kube-apiserver serves at `path` (/version, /api,
 * /api/v1, /apis, /apis/{group}, /apis/{group}/{version}); undefined when
 * `path` is not a discovery path of a group or version the stand-in serves.
 * `host` is the request's Host header, which /api reports back.
 */
export function discoveryDocument(
  path: string,
  host: string | undefined,
): unknown | undefined {
  if (path === '/version') return versionInfo();
  if (path === '/api') return apiVersions(host);
  const groups = groupVersions().filter(g => g.group !== '');
  if (path === '/apis')
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: groups.map(apiGroup),
    };
  const group = /^\/apis\/([^/]+)$/.exec(path);
  if (group) {
    const g = groups.find(x => x.group === group[1]);
    return g
      ? { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g) }
      : undefined;
  }
  if (path === '/api/v1') return apiResourceList({ group: '', version: 'v1' });
  const groupVersion = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (groupVersion)
    return apiResourceList({
      group: groupVersion[1],
      version: groupVersion[2],
    });
  return undefined;
}
