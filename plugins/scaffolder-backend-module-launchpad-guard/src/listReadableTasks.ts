import { parseEntityRef } from '@backstage/catalog-model';
import type { Knex } from 'knex';

/** The scaffolder's task list query (GET /v2/tasks), read the way the scaffolder reads it. */
export interface TaskListQuery {
  createdBy?: string[];
  status?: string[];
  order: {
    field: 'created_at' | 'status' | 'created_by';
    order: 'asc' | 'desc';
  }[];
  limit?: number;
  offset?: number;
}

/** A task as the scaffolder serializes it in its list. */
export interface ListedTask {
  id: string;
  spec: unknown;
  status: string;
  createdBy?: string;
  createdAt?: string;
  lastHeartbeatAt?: string;
}

const ORDER = /^(asc|desc):(created_at|status|created_by)$/;
const MAX_VALUES = 50;

function strings(value: unknown): string[] | undefined | null {
  if (value === undefined) return undefined;
  const all = [value].flat();
  if (
    all.length > MAX_VALUES ||
    all.some(v => typeof v !== 'string' || v.length > 512)
  )
    return null;
  return all as string[];
}

function count(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

/**
 * The list query, or undefined when it is not one this module answers (a
 * malformed or unusual query): the scaffolder then answers it itself, with
 * its own 400s and its own initiator-only filter.
 */
export function parseTaskListQuery(
  query: Record<string, unknown>,
): TaskListQuery | undefined {
  const known = new Set(['createdBy', 'status', 'order', 'limit', 'offset']);
  if (Object.keys(query).some(k => !known.has(k))) return undefined;
  const createdBy = strings(query.createdBy);
  const status = strings(query.status);
  const orders = strings(query.order);
  const limit = count(query.limit);
  const offset = count(query.offset);
  if (
    createdBy === null ||
    status === null ||
    orders === null ||
    limit === null ||
    offset === null
  )
    return undefined;
  const order: TaskListQuery['order'] = [];
  for (const item of orders ?? []) {
    const match = ORDER.exec(item);
    if (!match) return undefined;
    order.push({
      order: match[1] as 'asc' | 'desc',
      field: match[2] as 'created_at' | 'status' | 'created_by',
    });
  }
  return { createdBy, status, order, limit, offset };
}

/**
 * The ways a task's `owner` parameter can name one of the caller's ownership
 * refs, lower-cased: the scaffolder's owner pickers write `group:team` or a
 * full ref, a hand-made request may write the bare name. Read as
 * `taskOwnerRef` reads it (kind group and namespace default when left out).
 */
export function ownerSpellings(ownershipRefs: string[]): string[] {
  const out = new Set<string>();
  for (const ref of ownershipRefs) {
    let parsed;
    try {
      parsed = parseEntityRef(ref);
    } catch {
      continue;
    }
    const kind = parsed.kind.toLocaleLowerCase('en-US');
    const namespace = parsed.namespace.toLocaleLowerCase('en-US');
    const name = parsed.name.toLocaleLowerCase('en-US');
    out.add(`${kind}:${namespace}/${name}`);
    if (namespace === 'default') out.add(`${kind}:${name}`);
    if (kind === 'group') {
      out.add(`${namespace}/${name}`);
      if (namespace === 'default') out.add(name);
    }
  }
  return [...out];
}

function isoDate(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return (
    value instanceof Date ? value : new Date(String(value))
  ).toISOString();
}

/**
 * The tasks a signed-in (non-admin) user may read, as one page of the
 * scaffolder's list: the tasks they started and the tasks created for one of
 * their teams (the policy's `task-readers` rule). Reads the scaffolder's own
 * `tasks` table (this module shares the scaffolder's database) so that the
 * filter, order and page are one SQL query; secrets are never selected.
 */
export async function listReadableTasks(
  db: Knex,
  caller: { userEntityRef?: string; claims: string[] },
  query: TaskListQuery,
): Promise<{ tasks: ListedTask[]; totalTasks: number }> {
  const me = caller.userEntityRef;
  const owners = ownerSpellings(caller.claims);
  const base = db('tasks').where(q => {
    if (me) q.orWhereRaw('lower(created_by) = ?', [me]);
    if (owners.length) {
      q.orWhereRaw(`lower(spec::json #>> '{parameters,owner}') = any(?)`, [
        owners,
      ]);
    }
    if (!me && !owners.length) q.whereRaw('false');
  });
  if (query.createdBy?.length) base.whereIn('created_by', query.createdBy);
  if (query.status?.length) base.whereIn('status', [...new Set(query.status)]);

  const page = base
    .clone()
    .select(
      'id',
      'spec',
      'status',
      'created_by',
      'created_at',
      'last_heartbeat_at',
    );
  if (query.order.length)
    for (const o of query.order) page.orderBy(o.field, o.order);
  else page.orderBy('created_at', 'desc');
  page.orderBy('id', 'asc'); // a stable page order among equal keys
  if (query.limit !== undefined) page.limit(query.limit);
  if (query.offset !== undefined) page.offset(query.offset);

  const [rows, [{ total }]] = await Promise.all([
    page,
    base.clone().count('id', { as: 'total' }),
  ]);
  return {
    totalTasks: Number(total),
    tasks: (rows as Record<string, unknown>[]).map(row => ({
      id: String(row.id),
      spec: JSON.parse(String(row.spec)),
      status: String(row.status),
      createdBy: (row.created_by as string | null) ?? undefined,
      createdAt: isoDate(row.created_at),
      lastHeartbeatAt: isoDate(row.last_heartbeat_at),
    })),
  };
}
