export interface Config {
  gitHosting?: {
    /**
     * Folder that holds the bare repositories (<org>/<name>.git), relative to
     * the backend's working directory. Default: ./data/git of the checkout.
     */
    root?: string;
  };
}
