/**
 * Whether a failed dry run is about some of the entities (the rest can still
 * be registered) rather than about the location itself. A location that
 * cannot be registered at all: a missing or unreadable file, a YAML error, a
 * type that is not allowed, or a `file` location the catalog refuses (off
 * outside local mode, outside the allowed folders, a link out of them, not a
 * regular file, too large). Users and Groups refused because they do not come
 * from the organisation's sources are entity problems: the location's other
 * entities are registered.
 */
export function isEntityProblem(message: string): boolean {
  return !/NotFoundError|YAML error|could not be read|allowed type|Unable to read|File location refused|does not exist/i.test(
    message,
  );
}
