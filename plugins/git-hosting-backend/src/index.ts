export { gitHostingPlugin as default } from './plugin';
export { gitHostUrlReaderFactory, GitHostUrlReader } from './urlReader';
