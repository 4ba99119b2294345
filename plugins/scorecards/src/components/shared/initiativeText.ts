import { InitiativeProgress } from '../../api/types';

/** "production services", "every scored entity", … */
export function describeScope(
  initiative: Pick<InitiativeProgress, 'appliesTo'>,
): string {
  const { kind, type, lifecycle } = initiative.appliesTo;
  const words = [
    lifecycle?.join(' or '),
    type ? `${type.join(' or ')}s` : kind?.join(' or '),
  ].filter(Boolean);
  return words.length ? words.join(' ') : 'everything the scorecard scores';
}

/** "Due 2027-03-31 (120 days left)", "Due today", "Was due 2025-01-01 (3 days ago)". */
export function describeDue(
  initiative: Pick<InitiativeProgress, 'dueDate' | 'daysLeft'>,
): string {
  const { dueDate, daysLeft } = initiative;
  if (daysLeft === 0) return `Due today (${dueDate})`;
  if (daysLeft > 0)
    return `Due ${dueDate} (${daysLeft} day${daysLeft === 1 ? '' : 's'} left)`;
  return `Was due ${dueDate} (${-daysLeft} day${
    daysLeft === -1 ? '' : 's'
  } ago)`;
}
