import { parseLocationInput } from './locationInput';

describe('parseLocationInput', () => {
  it('reads an absolute path as a file location', () => {
    expect(parseLocationInput(' /srv/catalog/all.yaml ')).toEqual({
      ok: true,
      type: 'file',
      target: '/srv/catalog/all.yaml',
    });
  });

  it('reads a file:// URL as the file it names', () => {
    expect(
      parseLocationInput('file:///srv/my%20repo/catalog-info.yml'),
    ).toEqual({
      ok: true,
      type: 'file',
      target: '/srv/my repo/catalog-info.yml',
    });
  });

  it('keeps http(s) URLs as url locations', () => {
    expect(
      parseLocationInput(
        'https://git.example.com/a/b/blob/main/catalog-info.yaml',
      ),
    ).toEqual({
      ok: true,
      type: 'url',
      target: 'https://git.example.com/a/b/blob/main/catalog-info.yaml',
    });
  });

  it.each([
    ['', /Enter the path/],
    ['catalog/all.yaml', /absolute path/],
    ['/srv/../etc/passwd.yaml', /"\.\."/],
    ['/srv/catalog/README.md', /YAML entity file/],
  ])('refuses %j with a message that says what to do', (input, message) => {
    const result = parseLocationInput(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
