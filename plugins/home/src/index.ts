export { default } from './plugin';
export { readAnnouncements, isSafeLink } from './domain/announcements';
export type { Announcement, AnnouncementProblem } from './domain/announcements';
