export interface Config {
  launchpad?: {
    templateUpgrades?: {
      /**
       * The templates folder seeded into the golden paths' source repository
       * (launchpad.goldenPaths.sourceRepository) at start, one tag per
       * `<template>@<version>`. Default: the parent of
       * launchpad.goldenPaths.sharedDir.
       */
      templatesDir?: string;
    };
  };
}
