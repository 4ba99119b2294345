export interface Config {
  /** The home page at `/` (plugins/home). */
  home?: {
    /**
     * The platform team's announcements, newest first on the page. Kept in
     * `announcements.yaml` at the repository root and included with
     * `home.announcements: { $include: ./announcements.yaml }`.
     * @visibility frontend
     */
    announcements?: Array<{
      /**
       * One line, e.g. "Postgres 18 is the default for new databases".
       * @visibility frontend
       */
      title: string;
      /**
       * The announcement's day, `YYYY-MM-DD`.
       * @visibility frontend
       */
      date: string;
      /**
       * A few sentences of plain text.
       * @visibility frontend
       */
      body?: string;
      /**
       * Where to read more: a path in the portal (`/docs/...`) or an https URL.
       * @visibility frontend
       */
      link?: string;
    }>;
  };
}
