import type { Entity } from '@backstage/catalog-model';
import type {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { OrgSourcePolicy } from './OrgSourcePolicy';
import { OrgSourceProcessor } from './OrgSourceProcessor';

const org: LocationSpec[] = [
  { type: 'file', target: '/srv/portal/catalog/all.yaml' },
  {
    type: 'url',
    target: 'https://git.example.com/org/people/blob/main/org.yaml',
  },
];

const entity = (kind: string, name = 'someone'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
  spec: {},
});

async function run(
  processor: OrgSourceProcessor,
  e: Entity,
  origin: LocationSpec,
) {
  const emitted: CatalogProcessorResult[] = [];
  const out = await processor.preProcessEntity(
    e,
    origin,
    r => emitted.push(r),
    origin,
  );
  return {
    out,
    errors: emitted
      .filter(r => r.type === 'error')
      .map(r => (r as { error: Error }).error.message),
  };
}

describe('OrgSourceProcessor', () => {
  const processor = new OrgSourceProcessor(new OrgSourcePolicy(org, true));

  // Origins that are NOT the organisation's sources, though some look close.
  const foreign: LocationSpec[] = [
    { type: 'file', target: '/tmp/evil.yaml' },
    { type: 'file', target: '/srv/portal/catalog/org.yaml' },
    { type: 'file', target: '/srv/portal/catalog/../catalog/all.yaml' },
    { type: 'file', target: '/srv/portal/catalog/all.yaml ' },
    { type: 'file', target: '/SRV/portal/catalog/all.yaml' },
    {
      type: 'url',
      target: 'https://git.example.com/org/people/blob/main/org.yaml?x=1',
    },
    {
      type: 'url',
      target: 'https://git.example.com/attacker/people/blob/main/org.yaml',
    },
    { type: 'url', target: '/srv/portal/catalog/all.yaml' },
    {
      type: 'file',
      target: 'https://git.example.com/org/people/blob/main/org.yaml',
    },
  ];

  for (const kind of ['User', 'Group', 'user', 'GROUP']) {
    it.each(foreign)(`refuses a ${kind} whose origin is %j`, async origin => {
      const { errors } = await run(processor, entity(kind, 'mallory'), origin);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain(
        "User and Group entities come from the organisation's configured sources",
      );
      expect(errors[0]).toContain(
        'not from locations registered through the API',
      );
      expect(errors[0]).toContain(`came from ${origin.type}:${origin.target}`);
    });
  }

  it.each(org)(
    'lets Users and Groups in from the configured source %j',
    async origin => {
      for (const kind of ['User', 'Group']) {
        expect((await run(processor, entity(kind), origin)).errors).toEqual([]);
      }
    },
  );

  it.each([
    'Component',
    'API',
    'System',
    'Location',
    'Template',
    'Resource',
    'Domain',
  ])('leaves %s from any location alone', async kind => {
    const e = entity(kind);
    const { out, errors } = await run(processor, e, foreign[0]);
    expect(errors).toEqual([]);
    expect(out).toBe(e);
  });

  it('names the sources in local mode, only the setting otherwise', async () => {
    const local = await run(processor, entity('User'), foreign[0]);
    expect(local.errors[0]).toContain(
      '(file:/srv/portal/catalog/all.yaml, url:https://git.example.com/org/people/blob/main/org.yaml)',
    );
    const quiet = await run(
      new OrgSourceProcessor(new OrgSourcePolicy(org, false)),
      entity('User'),
      foreign[0],
    );
    expect(quiet.errors[0]).toContain('(launchpad.catalog.orgSources)');
    expect(quiet.errors[0]).not.toContain('/srv/portal');
  });

  it('refuses every User and Group when no source is configured', async () => {
    const none = new OrgSourceProcessor(new OrgSourcePolicy([], true));
    expect((await run(none, entity('Group'), org[0])).errors[0]).toContain(
      '(none configured)',
    );
  });
});

describe('OrgSourcePolicy: files listed by the org sources', () => {
  const location = (spec: Record<string, unknown>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Location',
    metadata: { name: 'l' },
    spec: spec as any,
  });
  const file = (target: string) => ({ type: 'file', target });

  it('learns the files an org source lists, relative or absolute, and only those', () => {
    const policy = new OrgSourcePolicy(org, true);
    const declaredIn = file('/srv/portal/catalog/all.yaml');
    policy.noteLocationEntity(
      location({
        targets: [
          './org.yaml',
          './teams/../people.yaml',
          '/srv/shared/more.yaml',
        ],
      }),
      declaredIn,
      org[0],
    );
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/all.yaml'))).toBe(
      true,
    );
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/org.yaml'))).toBe(
      true,
    );
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/people.yaml'))).toBe(
      true,
    );
    expect(policy.mayDeclareOrg(file('/srv/shared/more.yaml'))).toBe(true);
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/other.yaml'))).toBe(
      false,
    );
  });

  it.each([
    ['a registered file', file('/tmp/evil.yaml')],
    [
      'a url location',
      {
        type: 'url',
        target: 'https://git.example.com/attacker/x/blob/main/l.yaml',
      },
    ],
  ])('learns nothing from what %s lists', (_what, origin) => {
    const policy = new OrgSourcePolicy(org, true);
    policy.noteLocationEntity(
      location({ targets: ['./org.yaml', '/srv/portal/catalog/people.yaml'] }),
      file('/tmp/evil.yaml'),
      origin,
    );
    expect(policy.mayDeclareOrg(file('/tmp/org.yaml'))).toBe(false);
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/people.yaml'))).toBe(
      false,
    );
  });

  it('learns nothing from url targets or other kinds', () => {
    const policy = new OrgSourcePolicy(org, true);
    policy.noteLocationEntity(
      location({ type: 'url', target: './org.yaml' }),
      file('/srv/portal/catalog/all.yaml'),
      org[0],
    );
    policy.noteLocationEntity(
      { ...location({ target: './x.yaml' }), kind: 'Component' },
      file('/srv/portal/catalog/all.yaml'),
      org[0],
    );
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/org.yaml'))).toBe(
      false,
    );
    expect(policy.mayDeclareOrg(file('/srv/portal/catalog/x.yaml'))).toBe(
      false,
    );
  });
});
