import { HumanDuration } from '@backstage/types';

export interface Config {
  launchpad?: {
    kubernetes?: {
      /**
       * How long the Kubernetes tab waits for one cluster before reporting it
       * as not answering and showing the others. Default: 5 seconds.
       */
      clusterTimeout?: HumanDuration;
    };
  };
}
