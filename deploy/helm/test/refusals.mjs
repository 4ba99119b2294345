// @ts-check
// Tables of values the portal chart (deploy/helm/launchpad) must refuse, for
// packages/template-harness/src/portal-chart.test.mjs. Every case names the
// message it expects, so a refusal for the wrong reason fails the test.

/** The smallest values that render: a public URL and a database. */
export const MINIMAL = {
  publicUrl: 'https://portal.example.com',
  postgresql: {
    external: { host: 'pg.example.com', existingSecret: 'launchpad-pg' },
  },
};

/**
 * Values the chart refuses: [what, value sets merged after values.yaml, the
 * message expected].
 *
 * @type {[string, Record<string, unknown>[], RegExp][]}
 */
export const INVALID_VALUES = [
  [
    'no public URL',
    [{ postgresql: MINIMAL.postgresql }],
    /publicUrl is required/,
  ],
  [
    'no database',
    [{ publicUrl: 'https://p.example.com' }],
    /no database: set postgresql\.external\.host/,
  ],
  [
    'both databases',
    [MINIMAL, { postgresql: { cnpg: { enabled: true } } }],
    /cnpg\.enabled is true and postgresql\.external\.host is set/,
  ],
  [
    'external without a Secret',
    [MINIMAL, { postgresql: { external: { existingSecret: '' } } }],
    /postgresql\.external\.existingSecret is required/,
  ],
  [
    'replicas 0 with a PDB',
    [MINIMAL, { replicaCount: 0 }],
    /pdb\.enabled is true but replicaCount is 0/,
  ],
  [
    'replicas negative',
    [MINIMAL, { replicaCount: -1 }],
    /replicaCount must be at least 0/,
  ],
  [
    'replicas fractional',
    [MINIMAL, { replicaCount: 1.5 }],
    /replicaCount must be a whole number/,
  ],
  [
    'replicas a string',
    [MINIMAL, { replicaCount: 'two' }],
    /replicaCount must be a whole number/,
  ],
  [
    'minAvailable = replicas',
    [MINIMAL, { pdb: { minAvailable: 2, maxUnavailable: null } }],
    /pdb\.minAvailable \(2\) must be less than replicaCount \(2\)/,
  ],
  [
    'minAvailable and maxUnavailable',
    [MINIMAL, { pdb: { minAvailable: 1 } }],
    /exactly one of pdb\.maxUnavailable and pdb\.minAvailable/,
  ],
  [
    'maxUnavailable 0',
    [MINIMAL, { pdb: { maxUnavailable: 0 } }],
    /pdb\.maxUnavailable must be at least 1/,
  ],
  [
    'bad percentage',
    [MINIMAL, { pdb: { maxUnavailable: 'half' } }],
    /pdb\.maxUnavailable must be a number or a percentage/,
  ],
  [
    'gateway without parents',
    [MINIMAL, { gateway: { enabled: true } }],
    /gateway\.parentRefs is empty/,
  ],
  [
    'gateway parent without name',
    [MINIMAL, { gateway: { enabled: true, parentRefs: [{ namespace: 'x' }] } }],
    /gateway\.parentRefs\[0\] needs a name/,
  ],
  [
    'CNPG image latest',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: {
          cnpg: {
            enabled: true,
            imageName: 'ghcr.io/cloudnative-pg/postgresql:latest',
          },
        },
      },
    ],
    /imageName must be pinned/,
  ],
  [
    'CNPG image without tag',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: {
          cnpg: {
            enabled: true,
            imageName: 'ghcr.io/cloudnative-pg/postgresql',
          },
        },
      },
    ],
    /imageName must be pinned/,
  ],
  [
    'CNPG image major only',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: {
          cnpg: {
            enabled: true,
            imageName: 'ghcr.io/cloudnative-pg/postgresql:17',
          },
        },
      },
    ],
    /imageName must be pinned/,
  ],
  [
    'CNPG instances 0',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: { cnpg: { enabled: true, instances: 0 } },
      },
    ],
    /postgresql\.cnpg\.instances must be at least 1/,
  ],
  [
    'CNPG database name',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: { cnpg: { enabled: true, database: 'app; DROP' } },
      },
    ],
    /postgresql\.cnpg\.database must be a PostgreSQL name/,
  ],
  [
    'CNPG parameter name',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: {
          cnpg: { enabled: true, parameters: { 'x: y\n  z': '1' } },
        },
      },
    ],
    /is not a PostgreSQL parameter name/,
  ],
  [
    'a database per plugin on CloudNativePG',
    [
      {
        publicUrl: 'https://p.example.com',
        postgresql: { pluginDivisionMode: 'database', cnpg: { enabled: true } },
      },
    ],
    /pluginDivisionMode "database" needs a user that may create databases/,
  ],
  [
    'plugin division mode',
    [MINIMAL, { postgresql: { pluginDivisionMode: 'tenant' } }],
    /pluginDivisionMode must be "schema" or "database"/,
  ],
  [
    'grace period under 30 s',
    [MINIMAL, { terminationGracePeriodSeconds: 20 }],
    /terminationGracePeriodSeconds must be at least 30/,
  ],
  [
    'pause longer than the grace period',
    [MINIMAL, { preStopSleepSeconds: 60 }],
    /preStopSleepSeconds \(60\) must be less than terminationGracePeriodSeconds \(60\)/,
  ],
  [
    'root user (pod)',
    [MINIMAL, { podSecurityContext: { runAsUser: 0 } }],
    /podSecurityContext\.runAsUser is 0/,
  ],
  [
    'root user (container)',
    [MINIMAL, { containerSecurityContext: { runAsUser: 0 } }],
    /containerSecurityContext\.runAsUser is 0/,
  ],
  [
    'runAsNonRoot off',
    [MINIMAL, { containerSecurityContext: { runAsNonRoot: false } }],
    /containerSecurityContext\.runAsNonRoot is false/,
  ],
  [
    'runAsNonRoot dropped from both contexts',
    [
      MINIMAL,
      {
        podSecurityContext: { runAsNonRoot: null },
        containerSecurityContext: { runAsNonRoot: null },
      },
    ],
    /runAsNonRoot must be true in containerSecurityContext or podSecurityContext/,
  ],
  [
    'privileged',
    [MINIMAL, { containerSecurityContext: { privileged: true } }],
    /privileged is true/,
  ],
  [
    'privilege escalation',
    [MINIMAL, { containerSecurityContext: { allowPrivilegeEscalation: true } }],
    /allowPrivilegeEscalation is true/,
  ],
  [
    'args without the chart config',
    [MINIMAL, { args: ['--config', '/app/app-config.yaml'] }],
    /must load the chart's config/,
  ],
  [
    'OIDC without client Secret',
    [
      MINIMAL,
      {
        auth: {
          oidc: {
            enabled: true,
            metadataUrl:
              'https://sso.example.com/.well-known/openid-configuration',
          },
          session: { existingSecret: 's' },
        },
      },
    ],
    /auth\.oidc\.existingSecret is required/,
  ],
  [
    'OIDC without session Secret',
    [
      MINIMAL,
      {
        auth: {
          oidc: {
            enabled: true,
            metadataUrl: 'https://sso.example.com/x',
            existingSecret: 'o',
          },
        },
      },
    ],
    /auth\.session\.existingSecret is required/,
  ],
  [
    'OIDC over http',
    [
      MINIMAL,
      {
        auth: {
          oidc: {
            enabled: true,
            metadataUrl: 'http://sso.example.com/x',
            existingSecret: 'o',
          },
          session: { existingSecret: 's' },
        },
      },
    ],
    /auth\.oidc\.metadataUrl must be the provider's https discovery URL/,
  ],
  [
    'GitHub without Secret',
    [MINIMAL, { auth: { github: { enabled: true } } }],
    /auth\.github\.existingSecret is required/,
  ],
  [
    'cluster without token',
    [
      MINIMAL,
      {
        kubernetes: {
          clusters: [
            { name: 'a', environment: 'dev', url: 'https://k.example.com' },
          ],
        },
      },
    ],
    /clusters\[0\]\.tokenSecret needs name and key/,
  ],
  [
    'cluster twice',
    [
      MINIMAL,
      {
        kubernetes: {
          clusters: [0, 1].map(() => ({
            name: 'a',
            environment: 'dev',
            url: 'https://k.example.com',
            tokenSecret: { name: 't', key: 'k' },
          })),
        },
      },
    ],
    /clusters\[1\]\.name "a" is used twice/,
  ],
  [
    'cluster over http',
    [
      MINIMAL,
      {
        kubernetes: {
          clusters: [
            {
              name: 'a',
              environment: 'dev',
              url: 'http://k.example.com',
              tokenSecret: { name: 't', key: 'k' },
            },
          ],
        },
      },
    ],
    /clusters\[0\]\.url must be the API server's https URL/,
  ],
  [
    'git root relative',
    [MINIMAL, { gitHost: { root: 'data/git' } }],
    /gitHost\.root must be an absolute path/,
  ],
  [
    'git root escapes',
    [MINIMAL, { gitHost: { root: '/var/lib/../../etc' } }],
    /gitHost\.root must be an absolute path without ".."/,
  ],
  [
    'git root on /tmp',
    [MINIMAL, { gitHost: { root: '/tmp' } }],
    /gitHost\.root "\/tmp" is a folder the chart mounts/,
  ],
  [
    'env sets the database',
    [MINIMAL, { extraEnv: [{ name: 'POSTGRES_HOST', value: 'evil' }] }],
    /extraEnv\[0\]\.name POSTGRES_HOST is set by the chart/,
  ],
  [
    'env sets the base URL',
    [
      MINIMAL,
      {
        extraSecretEnv: [
          { name: 'APP_CONFIG_app_baseUrl', secretName: 's', key: 'k' },
        ],
      },
    ],
    /extraSecretEnv\[0\]\.name APP_CONFIG_app_baseUrl is set by the chart/,
  ],
  [
    'env valueFrom in extraEnv',
    [
      MINIMAL,
      {
        extraEnv: [
          { name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        ],
      },
    ],
    /use extraSecretEnv/,
  ],
  [
    'secret env without key',
    [MINIMAL, { extraSecretEnv: [{ name: 'X', secretName: 's' }] }],
    /extraSecretEnv\[0\] X needs secretName and key/,
  ],
  [
    'pull policy',
    [MINIMAL, { image: { pullPolicy: 'Sometimes' } }],
    /image\.pullPolicy must be one of Always, IfNotPresent, Never/,
  ],
  [
    'Service type',
    [MINIMAL, { service: { type: 'ExternalName' } }],
    /service\.type must be one of ClusterIP, NodePort, LoadBalancer/,
  ],
  [
    'spread',
    [MINIMAL, { podSpread: { whenUnsatisfiable: 'Maybe' } }],
    /podSpread\.whenUnsatisfiable must be one of ScheduleAnyway, DoNotSchedule/,
  ],
  [
    'a map that is not a map',
    [MINIMAL, { ingress: 'on' }],
    /ingress must be a map of settings/,
  ],
  [
    'appConfig not a map',
    [MINIMAL, { appConfig: 'backend: {}' }],
    /appConfig must be a map/,
  ],
  [
    'port out of range',
    [MINIMAL, { service: { port: 70000 } }],
    /service\.port must be a port number up to 65535/,
  ],
  [
    'Postgres port 0',
    [MINIMAL, { postgresql: { external: { port: 0 } } }],
    /postgresql\.external\.port must be at least 1/,
  ],
];

// YAML/flow injection, newlines, quotes, template syntax, path tricks: each
// field that lands in a manifest or the config is checked, not escaped later
export const HOSTILE_STRINGS = [
  'x\nkind: Secret',
  'x"\n  evil: "1',
  "x'}",
  'x{{ .Release.Name }}',
  'x #comment',
  'x: y',
  '$(id)',
  ' leading',
];
/**
 * Fields that land in a manifest or the config: [field, values with a
 * hostile string in it, the message expected].
 *
 * @type {[string, (s: string) => Record<string, unknown>, RegExp][]}
 */
export const HOSTILE_FIELDS = [
  [
    'publicUrl host',
    s => ({ publicUrl: `https://${s}` }),
    /publicUrl must be http\(s\):\/\/host/,
  ],
  [
    'publicUrl path',
    s => ({ publicUrl: `https://p.example.com/${s}` }),
    /publicUrl must be http\(s\):\/\/host/,
  ],
  [
    'external host',
    s => ({ postgresql: { external: { host: `db${s}` } } }),
    /postgresql\.external\.host must be a host name/,
  ],
  [
    'Postgres Secret name',
    s => ({ postgresql: { external: { existingSecret: `pg${s}` } } }),
    /postgresql\.external\.existingSecret: .* is not a Secret name/,
  ],
  [
    'Postgres Secret key',
    s => ({ postgresql: { external: { passwordKey: `pw${s}` } } }),
    /postgresql\.external\.existingSecret: .* is not a Secret key/,
  ],
  [
    'cluster name',
    s => ({
      kubernetes: {
        clusters: [
          {
            name: `c${s}`,
            environment: 'dev',
            url: 'https://k.example.com',
            tokenSecret: { name: 't', key: 'k' },
          },
        ],
      },
    }),
    /clusters\[0\]\.name must be lowercase/,
  ],
  [
    'cluster environment',
    s => ({
      kubernetes: {
        clusters: [
          {
            name: 'c',
            environment: `dev${s}`,
            url: 'https://k.example.com',
            tokenSecret: { name: 't', key: 'k' },
          },
        ],
      },
    }),
    /clusters\[0\]\.environment must be a name/,
  ],
  [
    'cluster url',
    s => ({
      kubernetes: {
        clusters: [
          {
            name: 'c',
            environment: 'dev',
            url: `https://k.example.com/${s}`,
            tokenSecret: { name: 't', key: 'k' },
          },
        ],
      },
    }),
    /clusters\[0\]\.url must be/,
  ],
  [
    'cluster token Secret',
    s => ({
      kubernetes: {
        clusters: [
          {
            name: 'c',
            environment: 'dev',
            url: 'https://k.example.com',
            tokenSecret: { name: `t${s}`, key: 'k' },
          },
        ],
      },
    }),
    /tokenSecret: .* is not a Secret name/,
  ],
  [
    'env name',
    s => ({ extraEnv: [{ name: `X${s}`, value: 'v' }] }),
    /extraEnv\[0\]\.name must be an environment variable name/,
  ],
  [
    'secret env name',
    s => ({ extraSecretEnv: [{ name: `X${s}`, secretName: 's', key: 'k' }] }),
    /extraSecretEnv\[0\]\.name must be an environment variable name/,
  ],
  [
    'secret env Secret',
    s => ({ extraSecretEnv: [{ name: 'X', secretName: `s${s}`, key: 'k' }] }),
    /extraSecretEnv\[0\]: .* is not a Secret name/,
  ],
  [
    'git root',
    s => ({ gitHost: { root: `/var/lib/${s}` } }),
    /gitHost\.root must be an absolute path/,
  ],
  [
    'git claim',
    s => ({ gitHost: { persistence: { existingClaim: `git${s}` } } }),
    /gitHost\.persistence\.existingClaim must be a lowercase DNS name/,
  ],
  [
    'Ingress host',
    s => ({ ingress: { enabled: true, host: `p${s}` } }),
    /ingress\.host must be a lowercase DNS name/,
  ],
  [
    'Ingress TLS Secret',
    s => ({ ingress: { enabled: true, tls: { secretName: `tls${s}` } } }),
    /ingress\.tls\.secretName must be a lowercase DNS name/,
  ],
  [
    'HTTPRoute host',
    s => ({
      gateway: {
        enabled: true,
        parentRefs: [{ name: 'gw' }],
        hostnames: [`p${s}`],
      },
    }),
    /gateway\.hostnames\[0\] must be a lowercase DNS name/,
  ],
  [
    'HTTPRoute parent namespace',
    s => ({
      gateway: {
        enabled: true,
        parentRefs: [{ name: 'gw', namespace: `ns${s}` }],
      },
    }),
    /gateway\.parentRefs\[0\]\.namespace must be a lowercase DNS name/,
  ],
  [
    'image tag',
    s => ({ image: { tag: `1.0${s}` } }),
    /image\.tag is not an image tag/,
  ],
  [
    'image digest',
    s => ({ image: { digest: `sha256:${'a'.repeat(64)}${s}` } }),
    /image\.digest must be sha256:/,
  ],
  [
    'image repository',
    s => ({ image: { repository: `launchpad${s}` } }),
    /image\.repository is not an image repository/,
  ],
];

/** appConfig values holding a literal secret or a PEM block. */
export const LITERAL_SECRETS = [
  { backend: { auth: { keys: [{ secret: 'hunter2hunter2' }] } } },
  {
    auth: { providers: { oidc: { production: { clientSecret: 'abc123' } } } },
  },
  { auth: { session: { secret: 's3cr3t' } } },
  {
    integrations: { github: [{ host: 'github.com', token: 'ghp_notreal' }] },
  },
  { integrations: { gitlab: [{ host: 'gitlab.example.com', apiKey: 'k' }] } },
  {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [{ name: 'a', serviceAccountToken: 'eyJhbGciOi' }],
        },
      ],
    },
  },
  {
    techdocs: {
      publisher: { awsS3: { credentials: { secretAccessKey: 'AKIAxxxx' } } },
    },
  },
  { app: { support: { password: 123456 } } },
  {
    proxy: {
      endpoints: { '/x': { headers: { 'X-Api-Token': 'Bearer x' } } },
    },
  },
  { custom: { PASSWORD: '${NOT_ALONE} and more' } },
  { custom: { privateKey: 'x' } },
  { custom: { deep: [{ list: [{ password: 'p' }] }] } },
  // assembled here so that no secret scanner mistakes this file for a key
  {
    custom: {
      cert: [
        '-----BEGIN',
        'PRIVATE KEY-----\nMIIB\n-----END',
        'PRIVATE KEY-----',
      ].join(' '),
    },
  },
  { custom: ['-----BEGIN CERTIFICATE-----'] },
];

/**
 * Maps of values.yaml whose keys are free (annotations, labels, Kubernetes
 * objects passed through, app-config): every other map takes only its keys.
 */
export const OPEN_MAPS = [
  'podAnnotations',
  'podLabels',
  'resources',
  'podSecurityContext',
  'containerSecurityContext',
  'startupProbe',
  'readinessProbe',
  'livenessProbe',
  'strategy',
  'affinity',
  'nodeSelector',
  'appConfig',
  'service.annotations',
  'ingress.annotations',
  'gateway.annotations',
  'serviceAccount.annotations',
  'postgresql.cnpg.resources',
  'postgresql.cnpg.parameters',
  'postgresql.cnpg.backup',
];

/**
 * List items the chart reads by key: [values with one item, where its keys are].
 *
 * @type {[Record<string, unknown>, string][]}
 */
export const LIST_ITEMS = [
  [
    { gateway: { enabled: true, parentRefs: [{ name: 'gw' }] } },
    'gateway.parentRefs[0]',
  ],
  [
    {
      kubernetes: {
        clusters: [
          {
            name: 'dev',
            environment: 'dev',
            url: 'https://k8s.dev.example.com',
            tokenSecret: { name: 'k8s-dev', key: 'token' },
          },
        ],
      },
    },
    'kubernetes.clusters[0]',
  ],
  [{ extraEnv: [{ name: 'LOG_LEVEL', value: 'info' }] }, 'extraEnv[0]'],
  [
    { extraSecretEnv: [{ name: 'CI_TOKEN', secretName: 'ci', key: 'token' }] },
    'extraSecretEnv[0]',
  ],
];
