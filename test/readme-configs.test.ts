import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The README's config snippets, run as a user pastes them: into a TypeScript project that uses
// this repository's node_modules (the plugin linked by the workspace, built), linted by ESLint.

const ROOT = path.resolve(__dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const ESLINT = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const LEAK = `import { Redis } from 'ioredis';
export async function readOnce(url: string) {
  const client = new Redis(url);
  return client.get('k');
}
`;

/** The code block that follows the line holding `label` in the README. */
function snippetAfter(label: string): string {
  const start = README.indexOf(label);
  const match = /```(?:js|ts)\n([\s\S]*?)```/.exec(README.slice(start));
  if (start === -1 || !match) throw new Error(`no snippet after ${label} in README.md`);
  return match[1]!;
}

let project: string;
beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), 'redis-leaks-readme-'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  mkdirSync(path.join(project, 'src'));
  writeFileSync(path.join(project, 'src', 'leak.ts'), LEAK);
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

function lintWith(configFile: string, text: string): string {
  writeFileSync(path.join(project, configFile), text);
  try {
    return execFileSync(process.execPath, [ESLINT, '--config', configFile, 'src'], { cwd: project, encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  } finally {
    rmSync(path.join(project, configFile));
  }
}

describe('README config snippets lint a TypeScript project', () => {
  it.each([
    ['`eslint.config.js` (ES modules):', 'eslint.config.mjs'],
    ['`eslint.config.cjs` (CommonJS):', 'eslint.config.cjs'],
  ])('%s', (label, configFile) => {
    expect(lintWith(configFile, snippetAfter(label))).toMatch(/3:18\s+error .*redis-leaks\/no-unclosed-client/);
  });
});

describe('package READMEs', () => {
  it.each(['eslint-plugin-redis-leaks', 'redis-leaks'])('%s links only to absolute URLs (npm shows no repository files)', (name) => {
    const text = readFileSync(path.join(ROOT, 'packages', name, 'README.md'), 'utf8');
    const links = [...text.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]!);
    expect(links.filter((link) => !/^https:\/\//.test(link))).toEqual([]);
  });
});
