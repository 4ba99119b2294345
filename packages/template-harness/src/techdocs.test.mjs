// @ts-check
// checkTechDocs on the generated services' docs (golden output) and on a
// table of broken variants: each must be reported, the generated docs never.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkTechDocs } from './techdocs.mjs';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const goldens = [
  path.join(root, 'templates/node-service/golden/loyalty-service'),
  path.join(root, 'templates/go-service/golden/delivery-slot-service'),
];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'techdocs-test-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/**
 * A copy of a golden repo's docs with `change` applied.
 * @param {string} name
 * @param {(dir: string) => void} change
 */
function variant(name, change) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(
    path.join(goldens[0], 'mkdocs.yml'),
    path.join(dir, 'mkdocs.yml'),
  );
  fs.cpSync(path.join(goldens[0], 'docs'), path.join(dir, 'docs'), {
    recursive: true,
  });
  change(dir);
  return dir;
}
const append = (
  /** @type {string} */ dir,
  /** @type {string} */ file,
  /** @type {string} */ text,
) => fs.appendFileSync(path.join(dir, file), text);

describe('checkTechDocs', () => {
  for (const golden of goldens) {
    it(`builds ${path.basename(golden)}'s docs strictly`, async () => {
      assert.deepEqual(await checkTechDocs(golden), []);
    });
  }

  /** @type {Record<string, (dir: string) => void>} */
  const broken = {
    'no mkdocs.yml': dir => fs.rmSync(path.join(dir, 'mkdocs.yml')),
    'no docs/index.md': dir => fs.rmSync(path.join(dir, 'docs/index.md')),
    'a plugin': dir => append(dir, 'mkdocs.yml', 'plugins: [techdocs-core]\n'),
    hooks: dir => append(dir, 'mkdocs.yml', 'hooks: [hooks.py]\n'),
    'markdown extensions': dir =>
      append(dir, 'mkdocs.yml', 'markdown_extensions: [admonition]\n'),
    'material theme': dir =>
      fs.writeFileSync(
        path.join(dir, 'mkdocs.yml'),
        fs
          .readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8')
          .replace('name: mkdocs', 'name: material'),
      ),
    'nav to a missing page': dir =>
      append(dir, 'mkdocs.yml', '  - Gone: gone.md\n'),
    'a broken internal link': dir =>
      append(dir, 'docs/index.md', '\nSee [the missing page](missing.md).\n'),
    'not YAML': dir =>
      fs.writeFileSync(path.join(dir, 'mkdocs.yml'), 'site_name: [unclosed\n'),
  };
  for (const [name, change] of Object.entries(broken)) {
    it(`reports ${name}`, async () => {
      const findings = await checkTechDocs(
        variant(name.replace(/\W+/g, '-'), change),
      );
      assert.ok(findings.length > 0, JSON.stringify(findings));
    });
  }

  it('names the Debian package when mkdocs is missing', async () => {
    const findings = await checkTechDocs(goldens[0], {
      mkdocs: path.join(work, 'no-such-mkdocs'),
    });
    assert.match(findings[0]?.message ?? '', /apt-get install -y mkdocs/);
  });
});
