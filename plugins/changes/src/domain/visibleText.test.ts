import { hasHidden, visibleSegments, visibleText } from './visibleText';

describe('visibleText', () => {
  // Trojan Source (CVE-2021-42574) and friends: each must become visible
  const HIDDEN: Array<[string, string]> = [
    ['\u202a', 'U+202A'],
    ['\u202b', 'U+202B'],
    ['\u202c', 'U+202C'],
    ['\u202d', 'U+202D'],
    ['\u202e', 'U+202E'],
    ['\u2066', 'U+2066'],
    ['\u2067', 'U+2067'],
    ['\u2068', 'U+2068'],
    ['\u2069', 'U+2069'],
    ['\u200b', 'U+200B'],
    ['\u200c', 'U+200C'],
    ['\u200d', 'U+200D'],
    ['\u200e', 'U+200E'],
    ['\u200f', 'U+200F'],
    ['\u061c', 'U+061C'],
    ['\ufeff', 'U+FEFF'],
    ['\u2060', 'U+2060'],
    ['\u2028', 'U+2028'],
    ['\u2029', 'U+2029'],
    ['\u0000', 'U+0000'],
    ['\u0007', 'U+0007'],
    ['\u001b', 'U+001B'],
    ['\r', 'U+000D'],
    ['\u007f', 'U+007F'],
    ['\u0085', 'U+0085'],
  ];

  it.each(HIDDEN)('shows %j as <%s>', (char, label) => {
    const text = `a${char}b${char}`;
    expect(hasHidden(text)).toBe(true);
    expect(visibleText(text)).toBe(`a<${label}>b<${label}>`);
    expect(visibleSegments(text)).toEqual([
      { text: 'a', hidden: false },
      { text: `<${label}>`, hidden: true },
      { text: 'b', hidden: false },
      { text: `<${label}>`, hidden: true },
    ]);
    // the answer is the same when asked twice (no regex state left behind)
    expect(hasHidden(text)).toBe(true);
  });

  it.each([
    'plain',
    'tab\there',
    'émoji 🚀 日本語 עברית العربية',
    '<b>html</b>',
    '',
  ])('keeps %j as it is', text => {
    expect(hasHidden(text)).toBe(false);
    expect(visibleText(text)).toBe(text);
    expect(visibleSegments(text)).toEqual(
      text ? [{ text, hidden: false }] : [],
    );
  });
});
