export interface Config {
  auth?: {
    providers?: {
      /**
       * Local-mode demo personas (Launchpad's persona provider replaces
       * Backstage's guest provider). Ignored, and no one is signed in, unless
       * `launchpad.localMode` is true.
       */
      guest?: {
        /** The default persona's person (Backstage's guest setting). */
        userEntityRef?: string;
        /** The persona signed in when none is asked for. Default: the first. */
        defaultPersona?: string;
        /** Default: developer (priya.nair), platform-engineer (raj.patel), manager (david.reyes). */
        personas?: Array<{
          id: string;
          userEntityRef: string;
          title: string;
          description?: string;
        }>;
      };
    };
  };
  launchpad?: {
    signIn?: {
      /**
       * How people reach the platform team, in the message a person not in the
       * catalog sees. Default: the first admin group's catalog email.
       */
      contact?: string;
    };
  };
}
