import type { ESLint, Rule } from 'eslint';
import { buildConfigs } from './configs';
import { rules } from './rules';

// Read at run time so `meta.version` always matches the published package (ESLint's cache keys on it);
// the workspace root and both packages share one version.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };
const name = 'eslint-plugin-redis-leaks';

const plugin = {
  meta: { name, version },
  // typescript-eslint's rule type, seen through ESLint's own (`Rule.RuleModule`) so the plugin fits
  // `plugins: { 'redis-leaks': plugin }` in a typed config.
  rules: rules as typeof rules & Record<keyof typeof rules, Rule.RuleModule>,
  configs: {} as ReturnType<typeof buildConfigs>,
};
Object.assign(plugin.configs, buildConfigs(plugin as unknown as ESLint.Plugin, rules));

// `export =` makes `require()` return the plugin and an ESM default import see the same object.
export = plugin;
