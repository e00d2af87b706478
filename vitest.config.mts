import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests import the command's sources, which reach the plugin by its package name: map that name to
// the plugin's sources too, as tsconfig.json's `paths` do, so no test runs against a stale build.
const source = (file: string) => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^eslint-plugin-redis-leaks\/internal$/, replacement: source('internal.ts') },
      { find: /^eslint-plugin-redis-leaks$/, replacement: source('index.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/packaging/**', '**/node_modules/**'],
          setupFiles: ['test/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Real programs against a real redis-server (see test/e2e/global-setup.ts).
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The packed packages installed into a scratch project, as a user gets them.
        extends: true,
        test: {
          name: 'packaging',
          include: ['test/packaging/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
