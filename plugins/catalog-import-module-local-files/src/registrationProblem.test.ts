import { isEntityProblem } from './registrationProblem';

describe('isEntityProblem', () => {
  it.each([
    'File location refused: /etc/passwd is outside the folders file locations may be read from (launchpad.catalog.fileRoots: /srv/catalog)',
    'File location refused: file locations can be registered only in local mode (launchpad.localMode is false); register a url location instead',
    'File location refused: /srv/catalog/fifo.yaml is not a regular file (it is a FIFO (named pipe))',
    'file /srv/catalog/nowhere.yaml does not exist',
    'InputError: YAML error at file:/srv/catalog/x.yaml, line 3, column 1: BAD_INDENT (the indentation is wrong, or a bracket or quote is not closed)',
    'Registered locations must be of an allowed type ["url"]',
  ])('treats "%s" as a location that cannot be registered', message => {
    expect(isEntityProblem(message)).toBe(false);
  });

  it.each([
    'InputError: Policy check failed for component:default/invalid component; caused by Error: "metadata.name" is not valid',
    "InputError: User and Group entities come from the organisation's configured sources (file:/srv/catalog/all.yaml), not from locations registered through the API: user:default/mallory came from file:/srv/x.yaml and was not added",
  ])('treats "%s" as a problem of some entities', message => {
    expect(isEntityProblem(message)).toBe(true);
  });
});
