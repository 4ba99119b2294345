import {
  computeGoldenPathValues,
  DEFAULT_ENVIRONMENTS,
} from './goldenPathValues';

const settings = {
  backendBaseUrl: 'http://localhost:7007',
  imageRegistry: 'registry.northwind.example/',
  environments: DEFAULT_ENVIRONMENTS,
};
const template = { name: 'node-service', version: '1.2.0' };

describe('computeGoldenPathValues', () => {
  it('derives one set of values from the form', () => {
    const values = computeGoldenPathValues({
      parameters: {
        name: 'loyalty-service',
        description: ' Loyalty points ',
        owner: 'group:default/checkout',
        system: 'checkout',
        lifecycle: 'production',
      },
      language: 'node',
      template,
      settings,
    });
    expect(values).toMatchObject({
      name: 'loyalty-service',
      description: 'Loyalty points',
      owner: 'group:default/checkout',
      ownerName: 'checkout',
      system: 'system:default/checkout',
      namespace: 'checkout',
      image: 'registry.northwind.example/checkout/loyalty-service',
      templateName: 'node-service',
      templateVersion: '1.2.0',
      repo: {
        org: 'checkout',
        cloneUrl: 'http://localhost:7007/api/git/checkout/loyalty-service.git',
        webUrl: 'http://localhost:7007/api/git/checkout/loyalty-service',
      },
    });
    expect(
      values.environments.map(e => `${e.name}:${e.namespace}:${e.autoSync}`),
    ).toEqual([
      'dev:checkout-dev:true',
      'stage:checkout-stage:true',
      'prod:checkout-prod:false',
    ]);
  });

  it('points the repository at GitHub when golden paths publish there', () => {
    const values = computeGoldenPathValues({
      parameters: { name: 'loyalty-service', owner: 'group:default/checkout' },
      template,
      settings: {
        ...settings,
        publish: {
          type: 'github',
          host: 'github.com',
          organization: 'northwind',
        },
      },
    });
    expect(values.repo).toEqual({
      org: 'northwind',
      name: 'loyalty-service',
      cloneUrl: 'https://github.com/northwind/loyalty-service.git',
      webUrl: 'https://github.com/northwind/loyalty-service',
    });
  });

  it.each([
    [{ owner: 'group:default/checkout' }, /parameters.name is required/],
    [
      { name: '../etc', owner: 'group:default/checkout' },
      /parameters.name must be/,
    ],
    [
      { name: 'Loyalty', owner: 'group:default/checkout' },
      /parameters.name must be/,
    ],
    [{ name: 'loyalty-service' }, /parameters.owner is required/],
    [
      { name: 'loyalty-service', owner: 'user:default/ana.silva' },
      /not a group reference/,
    ],
  ])('refuses %j', (parameters, message) => {
    expect(() =>
      computeGoldenPathValues({ parameters, template, settings }),
    ).toThrow(message);
  });
});
