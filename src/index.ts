import type { TSESLint } from '@typescript-eslint/utils';
import { buildConfigs } from './configs';
import { rules } from './rules';

// Read at run time so `meta.version` always matches the published package (ESLint's cache keys on it);
// the workspace root and both packages share one version.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };
const name = 'eslint-plugin-redis-leaks';

const plugin = {
  meta: { name, version },
  rules,
  configs: {} as ReturnType<typeof buildConfigs>,
};
Object.assign(plugin.configs, buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules));

// `export =` makes `require()` return the plugin and an ESM default import see the same object.
export = plugin;
