import {
  SelectorError,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

const labels = {
  app: 'orders',
  'backstage.io/kubernetes-id': 'orders-service',
  tier: 'backend',
  replicas: '3',
};
const match = (
  selector: string,
  l: Record<string, string> | undefined = labels,
) => matchesLabels(parseLabelSelector(selector), l);

describe('label selectors, as k8s.io/apimachinery/pkg/labels reads them', () => {
  it('matches equality, inequality and existence', () => {
    expect(match('')).toBe(true);
    expect(match('backstage.io/kubernetes-id=orders-service')).toBe(true);
    expect(match('backstage.io/kubernetes-id==orders-service')).toBe(true);
    expect(match('backstage.io/kubernetes-id=other')).toBe(false);
    expect(match('tier!=frontend')).toBe(true);
    expect(match('tier!=backend')).toBe(false);
    expect(match('missing!=x')).toBe(true); // != also matches objects without the label
    expect(match('app')).toBe(true);
    expect(match('!app')).toBe(false);
    expect(match('!missing')).toBe(true);
    expect(match('app=')).toBe(false);
    expect(match('app=', { app: '' })).toBe(true);
  });

  it('matches set-based requirements, joined with AND', () => {
    expect(match('tier in (frontend, backend)')).toBe(true);
    expect(match('tier in (frontend)')).toBe(false);
    expect(match('missing in (x)')).toBe(false);
    expect(match('tier notin (frontend)')).toBe(true);
    expect(match('missing notin (x)')).toBe(true);
    expect(match('app=orders,tier in (backend,batch),!canary')).toBe(true);
    expect(match('app=orders,tier in (frontend)')).toBe(false);
    expect(match('replicas>2,replicas<4')).toBe(true);
    expect(match('replicas>3')).toBe(false);
    expect(matchesLabels(parseLabelSelector('app'), undefined)).toBe(false);
  });

  it.each([
    ['app in x', /expected: '\('/],
    ['app in (a', /expected: ',' or '\)'/],
    ['=x', /expected: identifier/],
    ['a b', /expected: '=', '!='/],
    ['app=(x)', /expected: identifier/],
    ['Bad_Prefix/app=x', /prefix part/],
    ['app=not valid!', /expected/],
    ['app=-x', /invalid label value/],
    ['app>x', /must be an integer/],
  ])('rejects %j like the apiserver does', (selector, message) => {
    expect(() => parseLabelSelector(selector)).toThrow(SelectorError);
    expect(() => parseLabelSelector(selector)).toThrow(message);
  });
});

describe('field selectors, as k8s.io/apimachinery/pkg/fields reads them', () => {
  const event: Record<string, string> = {
    'involvedObject.name': 'orders-1',
    type: 'Warning',
    reason: 'a=b,c',
  };
  const read = (f: string) => event[f];

  it('matches =, == and !=, joined with AND', () => {
    expect(
      matchesFields(parseFieldSelector('involvedObject.name=orders-1'), read),
    ).toBe(true);
    expect(
      matchesFields(
        parseFieldSelector('involvedObject.name==orders-1,type=Warning'),
        read,
      ),
    ).toBe(true);
    expect(
      matchesFields(
        parseFieldSelector('involvedObject.name=orders-1,type!=Warning'),
        read,
      ),
    ).toBe(false);
    expect(matchesFields(parseFieldSelector(''), read)).toBe(true);
  });

  it('unescapes values', () => {
    expect(parseFieldSelector('reason=a\\=b\\,c')).toEqual([
      { field: 'reason', op: '=', value: 'a=b,c' },
    ]);
    expect(matchesFields(parseFieldSelector('reason=a\\=b\\,c'), read)).toBe(
      true,
    );
  });

  it('rejects terms without an operator', () => {
    expect(() => parseFieldSelector('involvedObject.name')).toThrow(
      /can't understand 'involvedObject.name'/,
    );
    expect(() => parseFieldSelector('=x')).toThrow(SelectorError);
  });
});
