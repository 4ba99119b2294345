import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
  error: 'must be lowercase letters, digits and dashes',
});
const text = z.string().trim().min(1);
const stringList = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)], {
    error: 'must be a string or a list of strings',
  })
  .transform(v => (typeof v === 'string' ? [v] : v));

/** A real calendar day as `YYYY-MM-DD`; YAML may also hand over a Date. */
const day = z
  .union([z.string(), z.date()], { error: 'must be a date (YYYY-MM-DD)' })
  .transform(v => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine(
    v =>
      /^\d{4}-\d{2}-\d{2}$/.test(v) &&
      new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
    { error: 'must be a date (YYYY-MM-DD)' },
  );

/** The zod schema of one initiative document. */
export const initiativeSchema = z.strictObject({
  kind: z.literal('Initiative'),
  id,
  title: text,
  description: text.optional(),
  scorecard: id,
  targetLevel: id,
  appliesTo: z
    .strictObject({
      kind: stringList.optional(),
      type: stringList.optional(),
      lifecycle: stringList.optional(),
    })
    .default({}),
  dueDate: day,
  owner: text.optional(),
});
