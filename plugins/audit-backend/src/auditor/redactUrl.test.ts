import { redactUrl } from './redactUrl';

describe('redactUrl', () => {
  it.each([
    [
      '/api/auth/oidc/handler/frame?code=abc123&state=xyz',
      '/api/auth/oidc/handler/frame?code=[redacted]&state=[redacted]',
    ],
    [
      '/api/git/repo?access_token=ghp_x&ref=main',
      '/api/git/repo?access_token=[redacted]&ref=main',
    ],
    [
      '/x?api%5Fkey=1&API-KEY=2&Password=3&client_secret=4',
      '/x?api%5Fkey=[redacted]&API-KEY=[redacted]&Password=[redacted]&client_secret=[redacted]',
    ],
    [
      '/x?X-Amz-Signature=s&sig=t&authorization=u',
      '/x?X-Amz-Signature=[redacted]&sig=[redacted]&authorization=[redacted]',
    ],
    ['/x?token%zz=1', '/x?token%zz=[redacted]'], // a malformed escape: the raw name still counts
  ])('redacts secret values: %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each([
    '/api/catalog/entities/by-query?filter=kind=component&limit=20',
    '/api/audit/events?actor=user:default/a&outcome=failed',
    '/api/catalog/locations/123',
    '/x?flag',
  ])('keeps other URLs as they are: %s', url => {
    expect(redactUrl(url)).toBe(url);
  });

  it('has nothing to redact without a URL', () => {
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
