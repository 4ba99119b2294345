import type { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OrgSourcePolicy } from '../orgSources/OrgSourcePolicy';
import { FileLocationGuard } from './FileLocationGuard';
import { LocalFileReaderProcessor } from './LocalFileReaderProcessor';
import { describeYamlError, parseEntityYamlSafely } from './yamlErrors';

const SECRET = 'S3CRET-hunter2-do-not-echo';

/** Invalid YAML in many shapes, each carrying the secret next to (or at) the mistake. */
const invalidYaml: Array<[string, string]> = [
  [
    'an unclosed flow sequence',
    `kind: Component\nmetadata:\n  name: [${SECRET}\n`,
  ],
  ['an unclosed quote', `password: "${SECRET}\nother: 1\n`],
  ['a bad indent', `a:\n  b: 1\n c: ${SECRET}\n`],
  ['a duplicate key', `token: ${SECRET}\ntoken: ${SECRET}\n`],
  ['an unresolved alias named like the secret', `a: *${SECRET}\n`],
  ['a tab as indentation', `a:\n\t${SECRET}: 1\n`],
  ['a bad escape', `a: "\\q${SECRET}"\n`],
  ['an unclosed flow map', `{ key: ${SECRET}\n`],
  ['a stray closing bracket', `${SECRET}: ]\n`],
  ['a shadow-like line', `root:$6$${SECRET}:19000:0:99999:7:::\n  - x: [\n`],
  ['a second document broken', `kind: Component\n---\nkey: [${SECRET}\n`],
];

function collect(results: Iterable<CatalogProcessorResult>) {
  return [...results];
}

describe('parseEntityYamlSafely', () => {
  it.each(invalidYaml)(
    'reports %s by line and kind, quoting nothing',
    (_what, text) => {
      const results = collect(
        parseEntityYamlSafely(Buffer.from(text), {
          type: 'file',
          target: '/srv/x.yaml',
        }),
      );
      const errors = results.filter(r => r.type === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const result of errors) {
        const message = (result as { error: Error }).error.message;
        expect(message).toMatch(
          /^YAML error at file:\/srv\/x\.yaml, (line \d+, column \d+|unknown position): [A-Z_]+ \(/,
        );
        expect(message).not.toContain(SECRET);
        expect(message).not.toContain('hunter2');
      }
    },
  );

  it('reads valid entities as the default parser does', () => {
    const results = collect(
      parseEntityYamlSafely(
        'kind: Component\nmetadata: { name: a }\n---\n---\nkind: API\n',
        { type: 'file', target: '/x' },
      ),
    );
    expect(results.map(r => r.type)).toEqual(['entity', 'entity']);
  });

  it('says a document is not an object without showing it', () => {
    const [result] = collect(
      parseEntityYamlSafely(`${SECRET}\n`, { type: 'file', target: '/x' }),
    );
    expect((result as { error: Error }).error.message).toBe(
      'YAML error at file:/x: expected an object at the root of each document, got string',
    );
  });

  it('stops alias bombs without echoing them', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (const name of 'bcdefghi')
      bomb.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`)
          .join(',')}]`,
      );
    const results = collect(
      parseEntityYamlSafely(bomb.join('\n'), { type: 'file', target: '/x' }),
    );
    expect(results.map(r => r.type)).toEqual(['error']);
  });

  it('describes an error without a code or position', () => {
    expect(describeYamlError(new Error(SECRET))).toBe(
      'unknown position: not valid YAML',
    );
  });
});

describe('LocalFileReaderProcessor', () => {
  let root: string;
  let processor: LocalFileReaderProcessor;

  beforeAll(() => {
    root = fs.realpathSync(
      fs.mkdtempSync(path.join(os.tmpdir(), 'reader-test-')),
    );
    processor = new LocalFileReaderProcessor(
      new FileLocationGuard({
        localMode: true,
        fileRoots: [root],
        readRoots: [root],
        configuredFiles: [],
        configuredLocations: [],
        maxFileBytes: 4096,
        readTimeoutMs: 5000,
        orgSources: [],
        orgSourcesFromLocations: true,
      }),
    );
    fs.writeFileSync(
      path.join(root, 'good.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: good }\n',
    );
    fs.writeFileSync(path.join(root, 'broken.yaml'), `password: [${SECRET}\n`);
    fs.symlinkSync('/etc/passwd', path.join(root, 'passwd.yaml'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.yaml'));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function read(target: string, optional = false) {
    const emitted: CatalogProcessorResult[] = [];
    const handled = await processor.readLocation(
      { type: 'file', target },
      optional,
      r => emitted.push(r),
    );
    return { handled, emitted };
  }

  it('comes before the builtin FileReaderProcessor (priority 20)', () => {
    expect(processor.getPriority()).toBeLessThan(20);
  });

  it('leaves other location types to other processors', async () => {
    expect(
      await processor.readLocation(
        { type: 'url', target: 'https://x' },
        false,
        () => {},
      ),
    ).toBe(false);
  });

  it('reads an entity file and asks to be refreshed when it changes', async () => {
    const { handled, emitted } = await read(path.join(root, 'good.yaml'));
    expect(handled).toBe(true);
    expect(emitted.map(r => r.type)).toEqual(['entity', 'refresh']);
  });

  it.each([
    ['/etc/passwd', 'error', /outside the folders/],
    ['/dev/zero', 'error', /outside the folders/],
    ['passwd.yaml', 'error', /symbolic link/],
    ['zero.yaml', 'error', /symbolic link/],
    [
      'broken.yaml',
      'error',
      /YAML error at file:.*broken\.yaml, line \d+, column \d+: BAD_INDENT/,
    ],
    ['nowhere.yaml', 'error', /nowhere\.yaml does not exist/],
    ['*.yaml', 'error', /does not exist/],
  ])(
    'claims %s and emits only an error that quotes nothing',
    async (target, type, message) => {
      const { handled, emitted } = await read(
        path.isAbsolute(target) ? target : path.join(root, target),
      );
      expect(handled).toBe(true);
      const errors = emitted.filter(r => r.type === type) as Array<{
        error: Error;
      }>;
      expect(errors).toHaveLength(1);
      expect(errors[0].error.message).toMatch(message);
      expect(JSON.stringify(emitted)).not.toContain(SECRET);
      expect(JSON.stringify(emitted)).not.toContain('root:x:0:0');
    },
  );

  describe('with the org sources', () => {
    const users = [
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: c }\n',
      'apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: { name: mallory }\nspec: { memberOf: [platform] }\n',
      'apiVersion: backstage.io/v1alpha1\nkind: group\nmetadata: { name: platform, namespace: default }\nspec: { type: team, children: [] }\n',
    ].join('---\n');
    let orgFile: string;
    let listed: string;
    let policy: OrgSourcePolicy;
    let reader: LocalFileReaderProcessor;
    beforeAll(() => {
      orgFile = path.join(root, 'org.yaml');
      listed = path.join(root, 'listed.yaml');
      for (const f of [orgFile, listed, path.join(root, 'evil.yaml')])
        fs.writeFileSync(f, users);
      policy = new OrgSourcePolicy([{ type: 'file', target: orgFile }], true);
      reader = new LocalFileReaderProcessor(
        new FileLocationGuard({
          localMode: true,
          fileRoots: [root],
          readRoots: [root],
          configuredFiles: [],
          configuredLocations: [],
          maxFileBytes: 4096,
          readTimeoutMs: 5000,
          orgSources: [],
          orgSourcesFromLocations: true,
        }),
        policy,
      );
      policy.noteLocationEntity(
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Location',
          metadata: { name: 'l' },
          spec: { targets: ['./listed.yaml'] },
        },
        { type: 'file', target: orgFile },
        { type: 'file', target: orgFile },
      );
    });
    const readWith = async (target: string) => {
      const emitted: CatalogProcessorResult[] = [];
      await reader.readLocation({ type: 'file', target }, false, r =>
        emitted.push(r),
      );
      return emitted;
    };

    it.each(['org.yaml', 'listed.yaml'])(
      'reads Users and Groups from %s (an org source, or listed by one)',
      async name => {
        expect(
          (await readWith(path.join(root, name))).map(r => r.type),
        ).toEqual(['entity', 'entity', 'entity', 'refresh']);
      },
    );

    it('refuses a file of Users and Groups from anywhere else, as a whole, on its location', async () => {
      const emitted = await readWith(path.join(root, 'evil.yaml'));
      expect(emitted.map(r => r.type)).toEqual(['error', 'refresh']);
      expect((emitted[0] as { error: Error }).error.message).toBe(
        `User and Group entities come from the organisation's configured sources (file:${orgFile}), not from locations ` +
          `registered through the API: user:default/mallory, group:default/platform came from file:${path.join(
            root,
            'evil.yaml',
          )} and were not added`,
      );
    });
  });

  it('stays silent about a missing optional file', async () => {
    const { handled, emitted } = await read(
      path.join(root, 'nowhere.yaml'),
      true,
    );
    expect(handled).toBe(true);
    expect(emitted).toEqual([]);
  });
});
