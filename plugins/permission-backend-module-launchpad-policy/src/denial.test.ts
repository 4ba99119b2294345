import { denialReasonPhrase } from './denial';

describe('denialReasonPhrase', () => {
  it('keeps a decision sentence as it is', () => {
    const sentence =
      'user:default/priya.nair may not catalog.entity.delete on component:default/payments-service: rule "entity-owners" allows only the entity\'s owners (the user or one of their groups) and platform admins. Ask group:default/payments.';
    expect(denialReasonPhrase(sentence)).toBe(sentence);
  });

  it.each([
    [
      'a header injected with CR LF',
      'no\r\nSet-Cookie: session=evil',
      'no??Set-Cookie: session=evil',
    ],
    ['a bare LF', 'a\nb', 'a?b'],
    ['NUL and other controls', 'a\u0000b\u0007c\u007fd', 'a?b?c?d'],
    [
      'non-ASCII names',
      'user:default/zoë may not… Ask 名前',
      'user:default/zo? may not? Ask ??',
    ],
    ['a tab', 'a\tb', 'a?b'],
  ])(
    'makes %s a status line cannot carry harmless',
    (_what, input, expected) => {
      expect(denialReasonPhrase(input)).toBe(expected);
    },
  );

  it('caps the length', () => {
    expect(denialReasonPhrase('x'.repeat(10_000))).toHaveLength(600);
  });
});
