import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../hooks/helpers';

// Both packages as a user gets them: packed, then installed into a scratch project that already
// has ESLint, typescript-eslint and TypeScript (the versions this repository tests with; npm
// answers from its cache where it can). Measures what each package adds to such a project.

const ROOT = path.resolve(__dirname, '../..');
const PLUGIN_LIMIT = { bytes: 3 * 1024 * 1024, packages: 10 };

const rootManifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const userTools = ['eslint', 'typescript-eslint', 'typescript'].map((name) => `${name}@${rootManifest.dependencies[name] ?? rootManifest.devDependencies[name]}`);

interface Footprint {
  bytes: number;
  packages: number;
}

let work: string;
let app: string;
const tarballs: Record<'plugin' | 'command', string> = { plugin: '', command: '' };
const footprints: Record<'tools' | 'plugin' | 'command', Footprint> = {} as never;

function sh(command: string, args: readonly string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_prefer_offline: 'true' },
  });
}

function npmInstall(...specs: string[]): void {
  sh('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...specs], app);
}

/** Bytes on disk (apparent size) and installed packages (folders holding a package.json) under node_modules. */
function measure(): Footprint {
  let bytes = 0;
  let packages = 0;
  const walk = (dir: string, isModulesDir: boolean): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        const isPackage = isModulesDir && !entry.name.startsWith('@') && !entry.name.startsWith('.');
        if (isPackage) packages += 1;
        walk(full, entry.name === 'node_modules' || (isModulesDir && entry.name.startsWith('@')));
      } else {
        bytes += statSync(full).size;
      }
    }
  };
  walk(path.join(app, 'node_modules'), true);
  return { bytes, packages };
}

const delta = (after: Footprint, before: Footprint): Footprint => ({ bytes: after.bytes - before.bytes, packages: after.packages - before.packages });
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

beforeAll(() => {
  work = tempDir('packaging');
  for (const [key, dir] of [['plugin', 'eslint-plugin-redis-leaks'], ['command', 'redis-leaks']] as const) {
    const name = sh('npm', ['pack', '--pack-destination', work], path.join(ROOT, 'packages', dir)).trim().split('\n').pop()!;
    tarballs[key] = path.join(work, name);
  }
  app = path.join(work, 'app');
  mkdirSync(path.join(app, 'src'), { recursive: true });
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch-app', private: true, type: 'module' }));
  npmInstall(...userTools);
  const tools = measure();
  npmInstall(tarballs.plugin);
  const withPlugin = measure();
  npmInstall(tarballs.command);
  const withCommand = measure();
  footprints.tools = tools;
  footprints.plugin = delta(withPlugin, tools);
  footprints.command = delta(withCommand, withPlugin);
  console.log(
    `footprint next to ${userTools.join(' + ')} (${mb(tools.bytes)}, ${tools.packages} packages): ` +
      `eslint-plugin-redis-leaks adds ${mb(footprints.plugin.bytes)} in ${footprints.plugin.packages} package(s); ` +
      `redis-leaks then adds ${mb(footprints.command.bytes)} in ${footprints.command.packages} packages`,
  );
}, 600_000);

afterAll(() => removeDir(work));

describe('the packed packages in a scratch project', () => {
  it(`the plugin adds at most ${mb(PLUGIN_LIMIT.bytes)} and ${PLUGIN_LIMIT.packages} packages next to the user's ESLint and typescript-eslint`, () => {
    expect(footprints.plugin.bytes).toBeLessThanOrEqual(PLUGIN_LIMIT.bytes);
    expect(footprints.plugin.packages).toBeLessThanOrEqual(PLUGIN_LIMIT.packages);
  });

  it('`npm ls --all` is clean with both installed', () => {
    expect(() => sh('npm', ['ls', '--all'], app)).not.toThrow();
  });

  it('shares the user\'s typescript-eslint: one copy of @typescript-eslint/utils', () => {
    const copies = sh('npm', ['ls', '--all', '--parseable', '@typescript-eslint/utils'], app).trim().split('\n').filter(Boolean);
    expect(new Set(copies).size).toBe(1);
  });

  it('an eslint.config.ts with defineConfig(typescript-eslint, the presets) type-checks', () => {
    writeFileSync(
      path.join(app, 'eslint.config.ts'),
      `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import redisLeaks from 'eslint-plugin-redis-leaks';

export default defineConfig(
  tseslint.configs.recommended,
  redisLeaks.configs.recommended,
  { files: ['src/**/*.ts'], extends: [redisLeaks.configs.strict] },
  { plugins: { 'redis-leaks': redisLeaks }, rules: { 'redis-leaks/require-expiry': ['error', { ttlSeconds: 3600 }] } },
);
`,
    );
    writeFileSync(
      path.join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: false }, files: ['eslint.config.ts'] }),
    );
    let output = '';
    try {
      sh(process.execPath, [path.join(app, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], app);
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  });

  it('the presets lint through the installed plugin, and the command answers --help', () => {
    writeFileSync(path.join(app, 'src', 'leak.js'), "import Redis from 'ioredis';\nexport async function read(url) {\n  const client = new Redis(url);\n  return client.get('k');\n}\n");
    writeFileSync(path.join(app, 'eslint.config.js'), "import redisLeaks from 'eslint-plugin-redis-leaks';\nexport default [redisLeaks.configs.recommended];\n");
    let lintOutput = '';
    try {
      sh('npx', ['--no-install', 'eslint', 'src/leak.js'], app);
    } catch (error) {
      lintOutput = String((error as { stdout?: string }).stdout);
    }
    expect(lintOutput).toMatch(/3:18\s+error .*redis-leaks\/no-unclosed-client/);
    expect(sh('npx', ['--no-install', 'redis-leaks', '--help'], app)).toMatch(/check[\s\S]*fix[\s\S]*audit/);
  });

  it('each transform runs as a plain jscodeshift transform from the redis-leaks package', () => {
    const jscodeshift = path.join(app, 'node_modules/jscodeshift/bin/jscodeshift.js');
    const transform = path.join(app, 'node_modules/redis-leaks/dist/codemods/close-client.js');
    sh(process.execPath, [jscodeshift, '--no-babel', '--parser=tsx', '-t', transform, 'src/leak.js'], app);
    expect(readFileSync(path.join(app, 'src', 'leak.js'), 'utf8')).toMatch(/try \{[\s\S]*\} finally \{\s*await client\.quit\(\);/);
  });
});
