/**
 * Every rule of every golden path form says in words what is allowed: the
 * real template.yaml files validated by the same validator the scaffolder's
 * Stepper uses (@rjsf/validator-ajv8 with ajv-errors).
 */
import { extractSchemaFromStep } from '@backstage/plugin-scaffolder-react/alpha';
import { customizeValidator } from '@rjsf/validator-ajv8';
import ajvErrors from 'ajv-errors';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const validator = customizeValidator();
ajvErrors(validator.ajv as any);

const templatesDir = path.resolve(__dirname, '../../../templates');
const templates = fs
  .readdirSync(templatesDir)
  .filter(d => fs.existsSync(path.join(templatesDir, d, 'template.yaml')));

type Step = {
  title: string;
  required?: string[];
  properties: Record<string, Record<string, any>>;
  errorMessage?: { required?: Record<string, string> };
};

function stepsOf(template: string): Step[] {
  const doc = YAML.parse(
    fs.readFileSync(path.join(templatesDir, template, 'template.yaml'), 'utf8'),
  );
  return doc.spec.parameters;
}

/** The schema the Stepper validates a step with (useTemplateSchema: ui:* split off, title dropped). */
function formSchemaOf(step: Step): any {
  const { title: _title, ...schema } = extractSchemaFromStep(
    step as any,
  ).schema;
  return schema;
}

/** What a raw rule leaks: regular expressions and ajv's own wording. */
const RAW = [/\^|\$'?$/, /\[[a-z0-9A-Z]-/, /\{\d+,\d*\}/, /^must /, /\\\./];

function expectReadable(message: string) {
  for (const raw of RAW) expect(message).not.toMatch(raw);
  expect(message.length).toBeGreaterThan(15);
}

/** Values that break one rule of a field. */
function violations(field: Record<string, any>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  if (field.pattern) {
    for (const v of [
      '!',
      'UPPER',
      ' spaced out ',
      '../etc/passwd',
      'a'.repeat(600),
    ])
      if (!new RegExp(field.pattern, 'u').test(v)) out.push(['pattern', v]);
  }
  if (field.minLength) out.push(['minLength', 'x'.repeat(field.minLength - 1)]);
  if (field.maxLength) out.push(['maxLength', 'h'.repeat(field.maxLength + 1)]);
  if (field.enum) out.push(['enum', 'not-one-of-them']);
  return out;
}

/** A value of each other field that passes, so only one rule breaks at a time. */
const VALID: Record<string, unknown> = {
  name: 'loyalty-service',
  description: 'Loyalty points for returning customers.',
  owner: 'group:default/checkout',
  system: 'system:default/checkout',
  consumer: 'component:default/checkout-service',
  lifecycle: 'experimental',
  size: 'small',
  argocdUrl: 'https://argocd.example.com',
  dashboardUrl: 'https://grafana.example.com/d/abc/loyalty-service',
  runbookUrl: 'https://wiki.example.com/runbook',
  catalogInfoUrl:
    'https://git.example.com/team/repo/blob/main/catalog-info.yaml',
};

function validData(step: Step): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(step.properties).map(k => [k, VALID[k]]),
  );
}

describe.each(templates)('%s form', template => {
  const steps = stepsOf(template);

  it.each(steps.map(s => [s.title, s] as const))(
    'step "%s": every rule has a message in words',
    (_title, step) => {
      for (const name of step.required ?? []) {
        expect([name, step.errorMessage?.required?.[name]]).toEqual([
          name,
          expect.any(String),
        ]);
        expectReadable(step.errorMessage!.required![name]);
      }
      for (const [name, field] of Object.entries(step.properties)) {
        for (const rule of ['pattern', 'minLength', 'maxLength', 'enum']) {
          if (field[rule] === undefined) continue;
          expect([name, rule, field.errorMessage?.[rule]]).toEqual([
            name,
            rule,
            expect.any(String),
          ]);
          expectReadable(field.errorMessage[rule]);
        }
      }
    },
  );

  it.each(steps.map(s => [s.title, s] as const))(
    'step "%s": the form shows that message when the rule breaks',
    (_title, step) => {
      const base = validData(step);
      expect(
        validator.validateFormData(base, formSchemaOf(step)).errors,
      ).toEqual([]);
      let checked = 0;
      for (const [name, field] of Object.entries(step.properties)) {
        for (const [rule, bad] of violations(field)) {
          const { errors, errorSchema } = validator.validateFormData(
            { ...base, [name]: bad },
            formSchemaOf(step),
          );
          const shown = (errorSchema as any)[name]?.__errors ?? [];
          expect([name, rule, shown]).toEqual([
            name,
            rule,
            expect.arrayContaining([field.errorMessage[rule]]),
          ]);
          for (const e of errors) expectReadable(e.message ?? '');
          checked++;
        }
      }
      for (const name of step.required ?? []) {
        const data = { ...base };
        delete data[name];
        const { errors } = validator.validateFormData(data, formSchemaOf(step));
        expect(errors.map(e => e.stack)).toEqual([
          step.errorMessage!.required![name],
        ]);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    },
  );
});

describe('the name rule', () => {
  const step = stepsOf('node-service')[0];
  const message = step.properties.name.errorMessage.pattern;
  it.each([
    ['', 'empty'],
    ['ab', 'too short'],
    ['a'.repeat(41), 'too long'],
    ['Loyalty', 'capital letter'],
    ['1loyalty', 'starts with a digit'],
    ['-loyalty', 'starts with a hyphen'],
    ['loyalty-', 'ends with a hyphen'],
    ['loyalty_service', 'underscore'],
    ['loyalty.service', 'dot'],
    ['loyalty service', 'space'],
    ['loyalty/service', 'slash'],
    ['../loyalty', 'path'],
    ['lоyalty', 'Cyrillic o'],
    ['loyalty\n', 'trailing newline'],
    ['ｌｏｙａｌｔｙ', 'full-width letters'],
    ['loyalty${{x}}', 'template expression'],
  ])('%j (%s) gets the sentence, not the expression', bad => {
    const { errorSchema } = validator.validateFormData(
      { ...validData(step), name: bad },
      formSchemaOf(step),
    );
    expect((errorSchema as any).name?.__errors).toEqual([message]);
  });

  it.each(['abc', 'loyalty-service', 'a1-b2', 'x'.repeat(40)])(
    '%j passes',
    good => {
      const { errorSchema } = validator.validateFormData(
        { ...validData(step), name: good },
        formSchemaOf(step),
      );
      expect((errorSchema as any).name).toBeUndefined();
    },
  );
});
