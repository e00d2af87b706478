import noUnboundedCache from '../../src/rules/no-unbounded-cache';
import { createRuleTester, fixtureProject } from '../rule-tester';

// The project in fixtures/module-loads: caches of modules loaded by a path made from the key, in another module.
const { lint } = fixtureProject('module-loads');

const ruleTester = createRuleTester();

/** A cache the rule reports, declared on \`line\` of \`code\` (no suggestion: nothing shows it is read through). */
const unbounded = (code: string, line = 2) => ({ code, errors: [{ messageId: 'unbounded' as const, line, suggestions: [] }] });

ruleTester.run('no-unbounded-cache (modules loaded by name in another module)', noUnboundedCache, {
  valid: [
    // `Loader.getSourceHandler(source)` returns `require(\`../sources/${source}/transform\`)`.
    lint('handlers.ts'),
  ],
  invalid: [
    // `describeUser(userId)` returns an object made from the key: nothing bounds the users.
    { ...lint('user-profiles.ts'), errors: [{ messageId: 'unbounded', line: 4, suggestions: [] }] },
  ],
});

ruleTester.run('no-unbounded-cache (modules loaded by name in the file)', noUnboundedCache, {
  valid: [
    // a module per handler file: an unknown name throws before the set
    `
const handlers = new Map<string, unknown>();
export function getHandler(source: string) {
  let handler = handlers.get(source);
  if (!handler) {
    handler = require(\`./handlers/\${source}\`);
    handlers.set(source, handler);
  }
  return handler;
}
`,
    // an awaited dynamic import, kept as its default export
    `
const widgets = new Map<string, unknown>();
export async function loadWidget(widgetId: string) {
  const loaded = await import(\`./widgets/\${widgetId}.js\`);
  widgets.set(widgetId, loaded.default);
  return loaded.default;
}
`,
    // through a function of the file given the key
    `
function loadPlugin(pluginName: string) {
  return require(\`./plugins/\${pluginName}\`).plugin;
}
const plugins = new Map<string, unknown>();
export function getPlugin(pluginId: string) {
  const plugin = loadPlugin(pluginId);
  plugins.set(pluginId, plugin);
  return plugin;
}
`,
  ],
  invalid: [
    // the path does not name the key: one entry per user, whatever the module
    unbounded(`
const modules = new Map<string, unknown>();
export function forUser(userId: string, plugin: string) {
  const loaded = require(\`./plugins/\${plugin}\`);
  modules.set(userId, loaded);
  return loaded;
}
`),
    // a constant path, and a key that is not in it
    unbounded(`
const handlers = new Map<string, unknown>();
export function getHandler(requestId: string) {
  const handler = require('./handler');
  handlers.set(requestId, handler);
  return handler;
}
`),
    // \`config.moduleId\` is a property, not the key \`moduleId\`
    unbounded(`
const loaded = new Map<string, unknown>();
export function load(moduleId: string, config: { moduleId: string }) {
  const module = require(\`./modules/\${config.moduleId}\`);
  loaded.set(moduleId, module);
  return module;
}
`),
    // a load that runs only when a condition holds: otherwise the variable keeps another value
    unbounded(`
const handlers = new Map<string, unknown>();
export function getHandler(source: string, fallback: unknown, enabled: boolean) {
  let handler = fallback;
  if (enabled) handler = require(\`./handlers/\${source}\`);
  handlers.set(source, handler);
  return handler;
}
`),
    // a load that may fail leaves the variable without a value: \`undefined\` is stored under any name
    unbounded(`
const handlers = new Map<string, unknown>();
export function getHandler(source: string) {
  let handler;
  try {
    handler = require(\`./handlers/\${source}\`);
  } catch (error) {
    console.warn('no handler', source);
  }
  handlers.set(source, handler);
  return handler;
}
`),
    // a helper that may end without returning the module
    unbounded(`
function safeLoad(source: string) {
  try {
    return require(\`./handlers/\${source}\`);
  } catch (error) {
    console.warn('no handler', source);
  }
}
const handlers = new Map<string, unknown>();
export function getHandler(source: string) {
  const handler = safeLoad(source);
  handlers.set(source, handler);
  return handler;
}
`, 9),
    // a promise of the load is stored before it fails: one rejected promise per name
    unbounded(`
const pending = new Map<string, Promise<unknown>>();
export function loadModule(source: string) {
  let loading = pending.get(source);
  if (!loading) {
    loading = import(\`./modules/\${source}.js\`);
    pending.set(source, loading);
  }
  return loading;
}
`),
    // a part made from the key gives many keys one file: every \`en-…\` tag is an entry
    unbounded(`
const messages = new Map<string, unknown>();
export function getMessages(tag: string) {
  const lang = tag.split('-')[0];
  const loaded = require(\`./locales/\${lang}.json\`);
  messages.set(tag, loaded);
  return loaded;
}
`),
    // a name in the path that is another variable than the key
    unbounded(`
const source = process.env.THEME ?? 'default';
const theme = require(\`./themes/\${source}\`);
const perUser = new Map<string, unknown>();
export function remember(source: string) {
  perUser.set(source, theme);
}
`, 4),
    // a variable given something else on the way to the write
    unbounded(`
const handlers = new Map<string, unknown>();
export function getHandler(source: string, fallback: unknown) {
  let handler = require(\`./handlers/\${source}\`);
  if (!handler.ready) handler = fallback;
  handlers.set(source, handler);
  return handler;
}
`),
  ],
});
