// @ts-check
// The service standard's catalog-info.yaml, rendered by the scaffolder's own
// template engine (nunjitsu, the copy @backstage/plugin-scaffolder-backend
// uses for fetch:template) with the values launchpad:render computes: the
// operator links from the form's Operations page or, when it is left empty,
// portal pages (no host, so never a dead one); github.com/project-slug only
// for a repository on GitHub; TechDocs always. And the forms themselves:
// the examples pass, hostile operations URLs do not, as a class.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';

/** The catalog's own entity checks (the ones that refused relative link URLs). */
const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const scaffolderRequire = createRequire(
  require_resolve('@backstage/plugin-scaffolder-backend/package.json'),
);
/** @type {{ createTemplateRenderer(options: object): { prepareContext(c: object): object, render(t: string, c: object): string } }} */
const nunjitsu = scaffolderRequire('nunjitsu');

/** @param {string} id */
function require_resolve(id) {
  return createRequire(path.join(root, 'package.json')).resolve(id);
}

const source = fs.readFileSync(
  path.join(root, 'templates/_shared/service-standard/catalog-info.yaml'),
  'utf8',
);

/** @param {{ webUrl?: string, org?: string, parameters?: Record<string, string> }} overrides */
function renderCatalogInfo({
  webUrl = 'http://localhost:7007/api/git/checkout/loyalty-service',
  org = 'checkout',
  parameters = {},
} = {}) {
  const renderer = nunjitsu.createTemplateRenderer({
    allowRegexExecution: true,
  });
  const values = {
    name: 'loyalty-service',
    description: 'Awards loyalty points.',
    language: 'node',
    lifecycle: 'experimental',
    owner: 'group:default/checkout',
    system: 'system:default/checkout',
    templateName: 'node-service',
    templateVersion: '1.3.0',
    repo: { org, name: 'loyalty-service', webUrl, cloneUrl: `${webUrl}.git` },
    parameters: { name: 'loyalty-service', ...parameters },
  };
  /** @type {any} */
  const [component] = parseAllDocuments(
    renderer.render(source, renderer.prepareContext({ values })),
  ).map((/** @type {any} */ d) => d.toJS());
  return component;
}

/** @param {any} entity */
async function assertValidEntity(entity) {
  await assert.doesNotReject(catalogPolicy.enforce(structuredClone(entity)));
}

describe('catalog-info.yaml of a service', () => {
  it("on the portal's git host: TechDocs, no GitHub slug, links to the portal", async () => {
    const entity = renderCatalogInfo();
    await assertValidEntity(entity);
    assert.equal(
      entity.metadata.annotations['backstage.io/techdocs-ref'],
      'dir:.',
    );
    assert.equal(
      entity.metadata.annotations['github.com/project-slug'],
      undefined,
    );
    assert.deepEqual(
      entity.metadata.links.map((/** @type {any} */ l) => l.url),
      [
        'http://localhost:7007/catalog/default/component/loyalty-service/kubernetes',
        'http://localhost:7007/docs/default/component/loyalty-service/operate/',
        'http://localhost:7007/docs/default/component/loyalty-service/on-call/',
      ],
    );
    for (const link of entity.metadata.links)
      assert.ok(link.title && link.icon, JSON.stringify(link));
  });

  it('on GitHub: github.com/project-slug is org/name, docs links on GitHub', async () => {
    const entity = renderCatalogInfo({
      webUrl: 'https://github.com/northwind/loyalty-service',
      org: 'northwind',
    });
    await assertValidEntity(entity);
    assert.equal(
      entity.metadata.annotations['github.com/project-slug'],
      'northwind/loyalty-service',
    );
    assert.deepEqual(
      entity.metadata.links.map((/** @type {any} */ l) => l.url),
      [
        'https://github.com/northwind/loyalty-service/blob/main/docs/operate.md',
        'https://github.com/northwind/loyalty-service/blob/main/docs/on-call.md',
      ],
    );
  });

  it('not on github.com (GitLab, a look-alike host): no slug', () => {
    for (const webUrl of [
      'https://gitlab.com/northwind/loyalty-service',
      'https://github.com.evil.example/northwind/loyalty-service',
      'http://github.com/northwind/loyalty-service',
    ]) {
      assert.equal(
        renderCatalogInfo({ webUrl }).metadata.annotations[
          'github.com/project-slug'
        ],
        undefined,
        webUrl,
      );
    }
  });

  it('links from the Operations page when given', async () => {
    const entity = renderCatalogInfo({
      parameters: {
        argocdUrl: 'https://argocd.example.com',
        dashboardUrl:
          'https://grafana.example.com/d/abc/loyalty?orgId=1&var-env=prod',
        runbookUrl: 'https://wiki.example.com/runbooks/loyalty',
      },
    });
    await assertValidEntity(entity);
    assert.deepEqual(
      entity.metadata.links.map((/** @type {any} */ l) => l.url),
      [
        'https://argocd.example.com/applications?labels=backstage.io%2Fkubernetes-id%3Dloyalty-service',
        'https://grafana.example.com/d/abc/loyalty?orgId=1&var-env=prod',
        'https://wiki.example.com/runbooks/loyalty',
      ],
    );
  });
});

describe('service forms', () => {
  for (const template of ['node-service', 'go-service']) {
    const dir = path.join(root, 'templates', template);
    /** @type {{ properties: object, required?: string[] }[]} */
    const pages = parse(
      fs.readFileSync(path.join(dir, 'template.yaml'), 'utf8'),
    ).spec.parameters;
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validators = pages.map(page =>
      ajv.compile({
        type: 'object',
        properties: page.properties,
        required: page.required ?? [],
      }),
    );
    const accepts = (/** @type {object} */ values) =>
      validators.every(v => v(values));
    const example = JSON.parse(
      fs.readFileSync(
        path.join(
          dir,
          'examples',
          fs.readdirSync(path.join(dir, 'examples'))[0],
        ),
        'utf8',
      ),
    );

    it(`${template}: the example passes, with and without operations links`, () => {
      assert.ok(accepts(example));
      assert.ok(
        accepts({
          ...example,
          argocdUrl: 'https://argocd.example.com',
          dashboardUrl: 'https://grafana.example.com/d/x?a=1&b=2',
          runbookUrl: 'https://wiki.example.com:8443/runbooks/x',
        }),
      );
    });

    const hostileUrls = [
      'javascript:alert(1)',
      'http://argocd.example.com',
      'https://',
      'https://a.example.com/x y',
      'https://a.example.com/"onmouseover="x',
      "https://a.example.com/'",
      'https://a.example.com/\nkind: Secret',
      'https://a.example.com/<script>',
      'https://a.example.com/${{ values.name }}',
      'https://a.example.com/{% raw %}',
      'https://user:pass@a.example.com/',
      'https://a.example.com/' + 'x'.repeat(600),
      'data:text/html,hi',
      '//a.example.com/x',
    ];
    for (const field of ['argocdUrl', 'dashboardUrl', 'runbookUrl']) {
      it(`${template}: ${field} refuses hostile URLs`, () => {
        for (const url of hostileUrls)
          assert.equal(
            accepts({ ...example, [field]: url }),
            false,
            `${field}=${JSON.stringify(url)}`,
          );
      });
    }
    it(`${template}: argocdUrl takes a base URL, no query or trailing slash`, () => {
      for (const url of [
        'https://argocd.example.com/',
        'https://argocd.example.com/?x=1',
        'https://argocd.example.com/#/apps',
      ]) {
        assert.equal(accepts({ ...example, argocdUrl: url }), false, url);
      }
    });
  }
});
