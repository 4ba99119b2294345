import {
  answersWithoutSecrets,
  formatLineage,
  parseLineage,
  templateTag,
} from './lineage';

const lineage = {
  template: 'template:default/node-service',
  version: '1.3.0',
  source: {
    repository: 'platform/golden-paths',
    tag: templateTag('node-service', '1.3.0'),
  },
  answers: { name: 'loyalty-service', owner: 'group:default/checkout' },
};

describe('lineage', () => {
  it('round-trips through the answers file', () => {
    expect(parseLineage(formatLineage(lineage))).toEqual(lineage);
  });

  it('leaves secrets out of the answers, by schema or by name', () => {
    expect(
      answersWithoutSecrets(
        {
          name: 'a',
          dbPassword: 'x',
          apiToken: 'y',
          API_KEY: 'z',
          pin: '1',
          hidden: 'h',
          note: 'n',
          credentials: 'c',
        },
        [
          {
            properties: {
              pin: { 'ui:widget': 'password' },
              hidden: { 'ui:field': 'Secret' },
              note: { 'ui:backstage': { review: { mask: '***' } } },
            },
          },
        ],
      ),
    ).toEqual({ name: 'a' });
  });

  it.each([
    ['not YAML', 'template: [', /not valid YAML/],
    [
      'an alias bomb',
      'a: &a [x]\nb: &b [*a, *a]\ntemplate: *b\n',
      /not valid YAML|alias/i,
    ],
    [
      'a template that is not a template ref',
      formatLineage({ ...lineage, template: 'component:default/x' }),
      /template must be a template entity ref/,
    ],
    [
      'a version that is not semver',
      formatLineage({ ...lineage, version: '1.3' }),
      /version must be a semantic version/,
    ],
    [
      'a tag with a path in it',
      formatLineage({
        ...lineage,
        source: { ...lineage.source, tag: '../../etc@1.0.0' },
      }),
      /source.tag/,
    ],
    [
      'a repository with options in it',
      formatLineage({
        ...lineage,
        source: { ...lineage.source, repository: '--upload-pack=x/y' },
      }),
      /source.repository/,
    ],
    [
      'no answers',
      'template: template:default/x\nversion: 1.0.0\nsource: { repository: a/b, tag: x@1.0.0 }\n',
      /answers/,
    ],
    ['a list', '- a\n', /not a Launchpad answers file/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseLineage(text)).toThrow(message);
  });
});
