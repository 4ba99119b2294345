import { badRequest } from './HttpError';

/** Query flags decode like apimachinery's Convert_Slice_string_To_bool: present and not 0/f/false/n/no is true. */
export function queryBool(value: string | null): boolean {
  if (value === null) return false;
  return !['0', 'f', 'false', 'n', 'no'].includes(value.toLowerCase());
}

/** An integer query parameter (undefined when absent or empty); 400 when it is not one or below `min`. */
export function queryInt(
  query: URLSearchParams,
  name: string,
  min = 0,
): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw))
    throw badRequest(
      `invalid ${name}: strconv.ParseInt: parsing "${raw}": invalid syntax`,
    );
  const n = Number(raw);
  if (n < min)
    throw badRequest(
      `${name}: Invalid value: ${n}: must be greater than or equal to ${min}`,
    );
  return n;
}
