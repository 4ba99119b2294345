export interface Config {
  catalog?: {
    /**
     * Location types that may be registered through the catalog API
     * (POST /locations) and the register page. Backstage allows only `url`;
     * local mode adds `file`.
     */
    allowedLocationTypes?: string[];
  };
}
