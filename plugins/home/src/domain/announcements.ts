import type { Config } from '@backstage/config';

/** A platform announcement as the home page shows it. */
export interface Announcement {
  title: string;
  /** `YYYY-MM-DD` */
  date: string;
  body?: string;
  /** A portal path or an https URL; anything else is dropped. */
  link?: string;
}

/** What was wrong with an entry of `home.announcements`, for the page to say. */
export interface AnnouncementProblem {
  index: number;
  message: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A link the page may render: a path inside the portal or an https URL (never javascript:, data:, //host). */
export function isSafeLink(link: string): boolean {
  if (link.startsWith('/'))
    return !link.startsWith('//') && !link.startsWith('/\\');
  try {
    return new URL(link).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Reads `home.announcements`, newest first. A broken entry is left out and
 * named in `problems` (the rest still show), so one typo in the file does not
 * blank the page.
 */
export function readAnnouncements(config: Config): {
  announcements: Announcement[];
  problems: AnnouncementProblem[];
} {
  const problems: AnnouncementProblem[] = [];
  const announcements: Announcement[] = [];
  let list: Config[];
  try {
    list = config.getOptionalConfigArray('home.announcements') ?? [];
  } catch {
    return {
      announcements,
      problems: [
        {
          index: -1,
          message: 'home.announcements is not a list of announcements',
        },
      ],
    };
  }
  list.forEach((entry, index) => {
    const field = (key: string) => {
      const value = entry.getOptional(key);
      return typeof value === 'string' ? value.trim() : undefined;
    };
    const title = field('title');
    const date = field('date');
    const body = field('body');
    const link = field('link');
    if (!title) {
      problems.push({
        index,
        message: `announcement ${index + 1} has no title`,
      });
      return;
    }
    if (!date || !DAY.test(date) || Number.isNaN(Date.parse(date))) {
      problems.push({
        index,
        message: `announcement "${title}" needs a date as YYYY-MM-DD`,
      });
      return;
    }
    if (link && !isSafeLink(link)) {
      problems.push({
        index,
        message: `announcement "${title}" has a link that is neither a portal path nor https`,
      });
    }
    announcements.push({
      title,
      date,
      ...(body && { body }),
      ...(link && isSafeLink(link) && { link }),
    });
  });
  // newest first (ISO dates compare as strings)
  announcements.sort((a, b) => b.date.localeCompare(a.date));
  return { announcements, problems };
}
