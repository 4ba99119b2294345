export interface Config {
  launchpad?: {
    permissions?: {
      /**
       * Which team owns which repositories outside the portal's git host, by
       * URL prefix, e.g. { url: 'https://github.com/northwind/checkout-',
       * owner: 'group:default/checkout' }. A team may register and remove
       * catalog locations of the repositories it owns.
       */
      repositoryOwners?: Array<{ url: string; owner: string }>;
    };
  };
}
