export { scaffolderModuleLaunchpad as default } from './module';
export {
  computeGoldenPathValues,
  TEMPLATE_VERSION_ANNOTATION,
} from './goldenPathValues';
export type {
  GoldenPathSettings,
  GoldenPathValues,
  GoldenPathEnvironment,
} from './goldenPathValues';
