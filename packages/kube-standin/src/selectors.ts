/*
 * Label and field selectors with the grammar and meaning of
 * k8s.io/apimachinery/pkg/labels and pkg/fields:
 *   labels: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`,
 *           `a>1`, `a<1`, joined by commas (AND). `!=` and `notin` also match
 *           objects that lack the label, as in Kubernetes.
 *   fields: `path=value`, `path==value`, `path!=value`, joined by commas;
 *           `\,` `\=` `\\` escape inside values.
 */

/** A selector the apiserver would answer with 400 BadRequest. */
export class SelectorError extends Error {}

type LabelOp = 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  op: LabelOp;
  values: string[];
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validateKey(key: string) {
  const slash = key.lastIndexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  if (
    prefix !== undefined &&
    (prefix.length === 0 || prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
  ) {
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": prefix part must be a lowercase RFC 1123 subdomain`,
    );
  }
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) {
    throw new SelectorError(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function validateValue(value: string) {
  if (value.length > 63 || (value.length > 0 && !NAME.test(value))) {
    throw new SelectorError(
      `unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

type Token =
  | { kind: 'ident'; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'end' };

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const special = ' \t\r\n!=,()<>';
  while (i < input.length) {
    const c = input[i];
    if (' \t\r\n'.includes(c)) {
      i++;
    } else if (input.startsWith('!=', i) || input.startsWith('==', i)) {
      tokens.push({ kind: 'op', text: input.slice(i, i + 2) });
      i += 2;
    } else if ('!=,()<>'.includes(c)) {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < input.length && !special.includes(input[j])) j++;
      tokens.push({ kind: 'ident', text: input.slice(i, j) });
      i = j;
    }
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

/** Parses a label selector; an empty one selects everything. */
export function parseLabelSelector(input: string): LabelRequirement[] {
  const tokens = lex(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const describe = (t: Token) => (t.kind === 'end' ? 'EOS' : t.text);
  const fail = (what: string): never => {
    throw new SelectorError(
      `unable to parse requirement: found '${describe(
        peek(),
      )}', expected: ${what}`,
    );
  };
  const ident = (what: string): string => {
    const t = peek();
    if (t.kind !== 'ident') return fail(what);
    pos++;
    return t.text;
  };

  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return requirements;
  for (;;) {
    let req: LabelRequirement;
    const t = peek();
    if (t.kind === 'op' && t.text === '!') {
      next();
      const key = ident("identifier after '!'");
      validateKey(key);
      req = { key, op: '!', values: [] };
    } else {
      const key = ident('identifier');
      validateKey(key);
      const op = peek();
      if (op.kind === 'end' || (op.kind === 'op' && op.text === ',')) {
        req = { key, op: 'exists', values: [] };
      } else if (
        op.kind === 'op' &&
        (op.text === '=' || op.text === '==' || op.text === '!=')
      ) {
        next();
        const v = peek();
        const value = v.kind === 'ident' ? (next(), v.text) : '';
        if (v.kind === 'op' && v.text !== ',') fail('identifier');
        validateValue(value);
        req = { key, op: op.text === '!=' ? '!=' : '=', values: [value] };
      } else if (op.kind === 'op' && (op.text === '<' || op.text === '>')) {
        next();
        const value = ident('integer value');
        if (!/^-?\d+$/.test(value))
          throw new SelectorError(
            `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        req = { key, op: op.text === '>' ? 'gt' : 'lt', values: [value] };
      } else if (
        op.kind === 'ident' &&
        (op.text === 'in' || op.text === 'notin')
      ) {
        next();
        const open = next();
        if (open.kind !== 'op' || open.text !== '(') {
          pos--;
          fail("'('");
        }
        const values: string[] = [];
        for (;;) {
          const v = peek();
          if (v.kind === 'ident') {
            next();
            validateValue(v.text);
            values.push(v.text);
          } else {
            values.push(''); // an empty value, as in `a in (,x)`
          }
          const sep = next();
          if (sep.kind === 'op' && sep.text === ')') break;
          if (sep.kind !== 'op' || sep.text !== ',') {
            pos--;
            fail("',' or ')'");
          }
        }
        req = { key, op: op.text as 'in' | 'notin', values };
      } else {
        return fail(
          "'=', '!=', '==', 'in', 'notin', '<', '>', ',' or end of selector",
        );
      }
    }
    requirements.push(req);
    const sep = next();
    if (sep.kind === 'end') break;
    if (sep.kind !== 'op' || sep.text !== ',') {
      pos--;
      fail("','");
    }
  }
  return requirements;
}

export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  return requirements.every(({ key, op, values }) => {
    const has = Object.prototype.hasOwnProperty.call(l, key);
    const value = l[key];
    switch (op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
      case 'in':
        return has && values.includes(value);
      case '!=':
      case 'notin':
        return !has || !values.includes(value);
      case 'gt':
      case 'lt': {
        if (!has || !/^-?\d+$/.test(value)) return false;
        return op === 'gt'
          ? Number(value) > Number(values[0])
          : Number(value) < Number(values[0]);
      }
      default:
        return false;
    }
  });
}

export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

function splitUnescaped(input: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\' && i + 1 < input.length) {
      current += input[i] + input[i + 1];
      i++;
    } else if (input[i] === separator) {
      parts.push(current);
      current = '';
    } else {
      current += input[i];
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  return value.replace(/\\(.)/g, (_, c) => {
    if (c !== ',' && c !== '=' && c !== '\\')
      throw new SelectorError(
        `invalid field selector: invalid escape sequence: \\${c}`,
      );
    return c;
  });
}

/** Parses a field selector; `supported` names the fields the resource can be selected by. */
export function parseFieldSelector(input: string): FieldRequirement[] {
  if (input.trim() === '') return [];
  return splitUnescaped(input, ',').map(term => {
    // The first unescaped operator wins, as in apimachinery's fields.ParseSelector.
    for (let i = 0; i < term.length; i++) {
      if (term[i] === '\\') {
        i++;
        continue;
      }
      for (const op of ['!=', '==', '='] as const) {
        if (term.startsWith(op, i)) {
          const field = term.slice(0, i).trim();
          if (!field) break;
          return {
            field,
            op: op === '!=' ? '!=' : '=',
            value: unescapeFieldValue(term.slice(i + op.length)),
          };
        }
      }
    }
    throw new SelectorError(
      `invalid selector: '${input}'; can't understand '${term}'`,
    );
  });
}

export function matchesFields(
  requirements: FieldRequirement[],
  read: (field: string) => string | undefined,
): boolean {
  return requirements.every(({ field, op, value }) => {
    const actual = read(field) ?? '';
    return op === '=' ? actual === value : actual !== value;
  });
}
