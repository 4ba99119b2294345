import type { Entity } from '@backstage/catalog-model';
import { fillLinkTemplate } from './fillLinkTemplate';

const entity = (name: string, kubernetesId?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    ...(kubernetesId && {
      annotations: { 'backstage.io/kubernetes-id': kubernetesId },
    }),
  },
});

describe('fillLinkTemplate', () => {
  it('fills every placeholder from the entity', () => {
    expect(
      fillLinkTemplate(
        'https://argocd.example.com/applications?labels=backstage.io%2Fkubernetes-id%3D{kubernetesId}&ns={namespace}&k={kind}&n={name}',
        entity('orders', 'orders-api'),
      ),
    ).toBe(
      'https://argocd.example.com/applications?labels=backstage.io%2Fkubernetes-id%3Dorders-api&ns=default&k=component&n=orders',
    );
    expect(
      fillLinkTemplate(
        'https://grafana.example.com/d/{kubernetesId}',
        entity('orders'),
      ),
    ).toBe('https://grafana.example.com/d/orders');
  });

  it('hides the link when no template is configured', () => {
    expect(fillLinkTemplate(undefined, entity('orders'))).toBeUndefined();
    expect(fillLinkTemplate('', entity('orders'))).toBeUndefined();
  });

  it('keeps hostile values inside their placeholder: they never move the host, path or scheme', () => {
    const hostile = [
      '../../admin',
      'x@evil.example',
      'a/b?c=d#e',
      'evil.example/',
      '%2F%2Fevil',
      'a b',
      'ä',
      '{name}',
    ];
    for (const value of hostile) {
      const url = new URL(
        fillLinkTemplate(
          'https://grafana.example.com/d/{name}?id={kubernetesId}',
          entity(value, value),
        )!,
      );
      expect(url.host).toBe('grafana.example.com');
      expect(url.pathname.split('/')).toHaveLength(3);
      expect(decodeURIComponent(url.pathname.split('/')[2])).toBe(value);
      expect(url.searchParams.get('id')).toBe(value);
      expect(url.hash).toBe('');
    }
  });

  it('hides templates that do not give an http(s) URL', () => {
    for (const template of [
      // a hostile template, the case under test
      // eslint-disable-next-line no-script-url
      'javascript:alert({name})',
      'data:text/html,{name}',
      'file:///etc/{name}',
      '/relative/{name}',
      'grafana/{name}',
      'not a url',
    ]) {
      expect(fillLinkTemplate(template, entity('orders'))).toBeUndefined();
    }
  });
});
