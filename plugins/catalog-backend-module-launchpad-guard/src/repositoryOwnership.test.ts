import { ownsRepository, repositoryRoot } from './repositoryOwnership';

const gitBase = 'http://localhost:7007/api/git';
const rules = [
  {
    url: 'https://github.com/northwind/checkout-',
    owner: 'group:default/checkout',
  },
];
const checkout = ['user:default/priya.nair', 'group:default/checkout'];

describe('repositoryRoot', () => {
  it.each([
    [
      `${gitBase}/checkout/cart/blob/main/catalog-info.yaml`,
      `${gitBase}/checkout/cart`,
    ],
    [`${gitBase}/checkout/cart.git`, `${gitBase}/checkout/cart`],
    [
      'url:https://github.com/northwind/checkout-api/tree/main/',
      'https://github.com/northwind/checkout-api',
    ],
    [
      'https://GitHub.com/Northwind/Checkout-API/blob/main/x.yaml',
      'https://github.com/northwind/checkout-api',
    ],
    ['https://github.com/northwind', undefined],
    [
      'https://github.com/northwind/checkout-x%2f..%2f..%2fpayments/blob/main/c.yaml',
      undefined,
    ],
    [
      'https://github.com/northwind/checkout-x%5c..%5cpayments/c.yaml',
      undefined,
    ],
    ['https://github.com/northwind/%2e%2e/c.yaml', undefined],
    ['https://github.com/northwind/checkout%00/c.yaml', undefined],
    ['https://github.com/a/%E0%A4%A/x', undefined],
    ['file:///etc/passwd', undefined],
    // eslint-disable-next-line no-script-url -- a hostile input this test must refuse
    ['javascript:alert(1)', undefined],
    ['', undefined],
  ])('%s -> %s', (url, root) => {
    expect(repositoryRoot(url, gitBase)).toBe(root);
  });
});

describe('ownsRepository', () => {
  it.each([
    [`${gitBase}/checkout/cart/blob/main/c.yaml`, true],
    [`${gitBase}/payments/ledger/blob/main/c.yaml`, false],
    [`${gitBase}/checkout/../payments/ledger/blob/main/c.yaml`, false],
    [`${gitBase}/%63heckout/cart/blob/main/c.yaml`, true], // percent-encoded 'c': still checkout's
    ['https://github.com/northwind/checkout-api/blob/main/c.yaml', true],
    ['https://github.com/northwind/payments-api/blob/main/c.yaml', false],
    [
      'https://github.com/northwind/checkout-api/../../payments/blob/main/c.yaml',
      false,
    ],
    ['https://github.com.evil.example/northwind/checkout-api/c.yaml', false],
    ['https://user@github.com/northwind-other/checkout-api/c.yaml', false],
    ['http://localhost:7008/api/git/checkout/cart/blob/main/c.yaml', false],
  ])('checkout owns %s: %s', (target, owned) => {
    expect(ownsRepository({ target, gitBase, groups: checkout, rules })).toBe(
      owned,
    );
  });

  it('gives nothing to someone in no team', () => {
    expect(
      ownsRepository({
        target: `${gitBase}/checkout/cart/blob/main/c.yaml`,
        gitBase,
        groups: ['user:default/x'],
        rules,
      }),
    ).toBe(false);
  });
});
