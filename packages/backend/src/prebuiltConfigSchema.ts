import fs from 'node:fs';
import path from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { loadConfigSchema } from '@backstage/config-loader';
import { configSchemaExtensionPoint } from '@backstage/plugin-app-node';

type ConfigSchema = Awaited<ReturnType<typeof loadConfigSchema>>;

let loaded: Promise<ConfigSchema | undefined> | undefined;

/**
 * The config schema `npm run build:backend` serialised into
 * dist/config-schema.json (every workspace package's schema, the app's
 * frontend plugins included), compiled ONCE per process and shared by the
 * root logger (secret redaction) and the app backend (the config the
 * frontend receives). Each compile costs about a second of start-up; the
 * app backend would otherwise compile the app bundle's own copy again.
 * Undefined without the file (dev loop, tests): both fall back to
 * Backstage's defaults.
 */
export function loadPrebuiltConfigSchema(
  // build:backend writes the file next to the bundle, so the bundle's own
  // folder is the one meant here (in the dev loop there is no file)
  // eslint-disable-next-line no-restricted-syntax
  dir: string = __dirname,
): Promise<ConfigSchema | undefined> {
  loaded ??= (async () => {
    const file = path.resolve(dir, 'config-schema.json');
    if (!fs.existsSync(file)) return undefined;
    return loadConfigSchema({
      serialized: JSON.parse(fs.readFileSync(file, 'utf-8')),
    });
  })();
  return loaded;
}

/** Hands the prebuilt schema to the app backend, when there is one. */
export const appPrebuiltConfigSchemaModule = createBackendModule({
  pluginId: 'app',
  moduleId: 'prebuilt-config-schema',
  register(env) {
    env.registerInit({
      deps: { configSchema: configSchemaExtensionPoint },
      async init({ configSchema }) {
        const schema = await loadPrebuiltConfigSchema();
        if (schema) configSchema.setConfigSchema(schema);
      },
    });
  },
});
