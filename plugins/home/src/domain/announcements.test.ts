import { ConfigReader } from '@backstage/config';
import { isSafeLink, readAnnouncements } from './announcements';

const read = (announcements: unknown) =>
  readAnnouncements(new ConfigReader({ home: { announcements } } as any));

describe('readAnnouncements', () => {
  it('reads the entries newest first', () => {
    const { announcements, problems } = read([
      { title: 'Older', date: '2026-11-01' },
      { title: 'Newer', date: '2026-11-30', body: 'Body', link: '/create' },
    ]);
    expect(problems).toEqual([]);
    expect(announcements).toEqual([
      { title: 'Newer', date: '2026-11-30', body: 'Body', link: '/create' },
      { title: 'Older', date: '2026-11-01' },
    ]);
  });

  it('reads the repository file as app-config includes it', () => {
    const yaml = require('yaml');
    const fs = require('node:fs');
    const path = require('node:path');
    const list = yaml.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../announcements.yaml'),
        'utf8',
      ),
    );
    const { announcements, problems } = read(list);
    expect(problems).toEqual([]);
    expect(announcements.length).toBeGreaterThan(0);
  });

  it('leaves out broken entries and says which', () => {
    const { announcements, problems } = read([
      { date: '2026-11-01' },
      { title: '  ', date: '2026-11-01' },
      { title: 'No date' },
      { title: 'Bad date', date: '1 Nov 2026' },
      { title: 'Not a day', date: '2026-13-45' },
      { title: 42, date: '2026-11-01' },
      { title: 'Fine', date: '2026-11-02' },
    ]);
    expect(announcements.map(a => a.title)).toEqual(['Fine']);
    expect(problems.map(p => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('is empty without the key and tells when the key is not a list', () => {
    expect(readAnnouncements(new ConfigReader({}))).toEqual({
      announcements: [],
      problems: [],
    });
    expect(read('just a string').problems).toHaveLength(1);
  });

  it('drops links that are not portal paths or https, keeping the announcement', () => {
    const hostile = [
      /* eslint-disable no-script-url -- hostile input the parser must drop */
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      /* eslint-enable no-script-url */
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '//evil.example/x',
      '/\\evil.example',
      'http://plain.example',
      'file:///etc/passwd',
      'ftp://x.example',
      'not a url',
    ];
    const { announcements, problems } = read(
      hostile.map((link, i) => ({ title: `A${i}`, date: '2026-11-01', link })),
    );
    expect(announcements).toHaveLength(hostile.length);
    for (const a of announcements) expect(a.link).toBeUndefined();
    expect(problems).toHaveLength(hostile.length);
  });

  it.each([
    ['/create', true],
    ['/catalog/default/component/x', true],
    ['https://docs.northwind.example/x', true],
    ['//evil.example', false],
    // eslint-disable-next-line no-script-url -- hostile input the check must refuse
    ['javascript:alert(1)', false],
  ])('isSafeLink(%j) = %s', (link, safe) => {
    expect(isSafeLink(link)).toBe(safe);
  });
});
