import {
  conflictedFiles,
  conflictsFromDescription,
  parseDiff,
} from './parseDiff';

const patch = [
  'diff --git a/README.md b/README.md',
  'index 1111111..2222222 100644',
  '--- a/README.md',
  '+++ b/README.md',
  '@@ -1,3 +1,3 @@',
  ' # loyalty',
  '--- a horizontal rule that was removed',
  '+++ added, not a header',
  ' end',
  '@@ -10,2 +10,3 @@ section',
  ' x',
  '+diff --git a/fake b/fake',
  '\\ No newline at end of file',
  'diff --git a/logo.png b/logo.png',
  'new file mode 100644',
  'index 0000000..3333333',
  'Binary files /dev/null and b/logo.png differ',
  'diff --git a/old name.txt b/new name.txt',
  'similarity index 100%',
  'rename from old name.txt',
  'rename to new name.txt',
  '',
].join('\n');

describe('parseDiff', () => {
  const parsed = parseDiff({
    files: [
      { path: 'README.md', status: 'M' },
      { path: 'logo.png', status: 'A' },
      { path: 'new name.txt', status: 'R' },
    ],
    patch,
    truncated: false,
  });

  it('splits the patch per listed file with its counts', () => {
    expect(
      parsed.files.map(f => [f.path, f.status, f.additions, f.deletions]),
    ).toEqual([
      ['README.md', 'M', 2, 1],
      ['logo.png', 'A', 0, 0],
      ['new name.txt', 'R', 0, 0],
    ]);
    expect([parsed.additions, parsed.deletions]).toEqual([2, 1]);
  });

  it('numbers lines from the hunk headers', () => {
    const lines = parsed.files[0].lines;
    expect(lines[0]).toEqual({ kind: 'hunk', text: '@@ -1,3 +1,3 @@' });
    expect(lines[1]).toEqual({
      kind: 'context',
      text: '# loyalty',
      oldLine: 1,
      newLine: 1,
    });
    expect(lines[2]).toEqual({
      kind: 'del',
      text: '-- a horizontal rule that was removed',
      oldLine: 2,
    });
    expect(lines[3]).toEqual({
      kind: 'add',
      text: '++ added, not a header',
      newLine: 2,
    });
    expect(lines[6]).toEqual({
      kind: 'context',
      text: 'x',
      oldLine: 10,
      newLine: 10,
    });
    expect(lines[7]).toEqual({
      kind: 'add',
      text: 'diff --git a/fake b/fake',
      newLine: 11,
    });
    expect(lines[8].kind).toBe('note');
  });

  it('knows binary files and renames by their headers', () => {
    expect(parsed.files[1].binary).toBe(true);
    expect(parsed.files[2].header).toContain('rename to new name.txt');
    expect(parsed.files[2].lines).toEqual([]);
  });

  it('marks the files a cut patch did not reach', () => {
    const cut = parseDiff({
      files: [
        { path: 'README.md', status: 'M' },
        { path: 'b.txt', status: 'M' },
      ],
      patch: patch.split('\n').slice(0, 8).join('\n'),
      truncated: true,
    });
    expect(cut.files.map(f => [f.path, f.cut])).toEqual([
      ['README.md', true],
      ['b.txt', true],
    ]);
  });

  it.each([
    [['<<<<<<< ours', 'a', '=======', 'b', '>>>>>>> theirs'], true, 3],
    [
      ['<<<<<<<', 'a', '|||||||  base', 'c', '=======', 'b', '>>>>>>>'],
      true,
      4,
    ],
    [['<<<<<<< only a start'], false, 1],
    [['<<<<<<<< eight', '>>>>>>>> eight'], false, 0],
    [['  <<<<<<< indented', '  >>>>>>> indented'], false, 0],
  ])(
    'finds conflict markers in added lines %j',
    (added, conflicted, markers) => {
      const diff = parseDiff({
        files: [{ path: 'f', status: 'M' }],
        patch: [
          'diff --git a/f b/f',
          '@@ -1 +1,9 @@',
          ...added.map(l => `+${l}`),
          '-<<<<<<< removed marker',
          '->>>>>>> removed',
        ].join('\n'),
        truncated: false,
      });
      expect(diff.files[0].conflicted).toBe(conflicted);
      expect(diff.files[0].lines.filter(l => l.conflictMarker)).toHaveLength(
        markers,
      );
    },
  );
});

describe('conflictsFromDescription', () => {
  it.each([
    ['Conflicts:\n- a.yaml\n- `b/c.ts`\n\nmore', ['a.yaml', 'b/c.ts']],
    ['## Conflicts\n\n* x\n* y\nafter', ['x', 'y']],
    ['Upgrade.\n\nConflicted files:\n- values.yaml', ['values.yaml']],
    // as plugins/template-upgrades-backend's describePlan writes it
    [
      "Upgrades this repository from node-service 1.2.0 to 1.3.0.\n\n**Conflicts** (resolve the <<<<<<< markers on this branch before merging):\n- `charts/x/values.yaml`\n- `src/app.ts`\n\nMigrated by the template's upgrade steps:\n- `charts/x/values-prod.yaml`",
      ['charts/x/values.yaml', 'src/app.ts'],
    ],
    ['No conflicts here.\nAll merged cleanly.', []],
    ['- a list\n- without a heading', []],
    ['', []],
  ])('reads %j', (description, files) => {
    expect(conflictsFromDescription(description)).toEqual(files);
  });

  it('joins the diff\u2019s conflicted files and the description\u2019s, once each', () => {
    const diff = parseDiff({
      files: [{ path: 'f', status: 'M' }],
      patch: 'diff --git a/f b/f\n@@ -1 +1,2 @@\n+<<<<<<< a\n+>>>>>>> b\n',
      truncated: false,
    });
    expect(conflictedFiles(diff, 'Conflicts:\n- f\n- g')).toEqual(['f', 'g']);
  });
});
