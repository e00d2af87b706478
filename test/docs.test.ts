import { Linter } from 'eslint';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src';

const root = path.join(__dirname, '..');
const SECTIONS = ['## Examples', '## Options', '## When Not To Use It', '## Related', '## Implementation'];

interface CodeBlock {
  kind: 'correct' | 'incorrect';
  code: string;
  line: number;
}

/** The ```ts blocks under `### ❌ Incorrect` and `### ✅ Correct` of the Examples section. */
function getExampleBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  let section = '';
  let kind: CodeBlock['kind'] | undefined;
  let current: { start: number; lines: string[] } | undefined;
  markdown.split('\n').forEach((line, index) => {
    if (current) {
      if (line.startsWith('```')) {
        if (section === '## Examples' && kind) blocks.push({ kind, code: current.lines.join('\n'), line: current.start });
        current = undefined;
      } else {
        current.lines.push(line);
      }
      return;
    }
    if (line.startsWith('## ')) [section, kind] = [line.trim(), undefined];
    else if (line.startsWith('### ')) kind = line.includes('❌') ? 'incorrect' : line.includes('✅') ? 'correct' : undefined;
    else if (/^```(ts|js)\b/.test(line)) current = { start: index + 2, lines: [] };
  });
  return blocks;
}

const linter = new Linter({ configType: 'flat' });

describe.each(Object.entries(plugin.rules))('docs/rules/%s.md', (name, rule) => {
  const markdown = readFileSync(path.join(root, 'docs', 'rules', `${name}.md`), 'utf8');

  const schema = rule.meta.schema as [{ properties?: Record<string, unknown> }] | [];
  const options = Object.keys(schema[0]?.properties ?? {});

  it('has the generated header and every section, in order', () => {
    expect(markdown.startsWith(`# redis-leaks/${name}\n`)).toBe(true);
    expect(markdown).toContain('<!-- end auto-generated rule header -->');
    // A rule without options has no Options section (eslint-doc-generator checks that too).
    const sections = SECTIONS.filter((heading) => heading !== '## Options' || options.length > 0);
    const positions = sections.map((heading) => markdown.indexOf(`\n${heading}\n`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('documents every option with its default', () => {
    for (const option of options) {
      const section = markdown.split(`\n### \`${option}\`\n`)[1];
      expect(section, `### \`${option}\``).toBeDefined();
      expect(section!.split('\n##')[0]).toMatch(/Default: `/);
    }
  });

  const blocks = getExampleBlocks(markdown);

  it('has incorrect and correct examples', () => {
    expect(blocks.some((block) => block.kind === 'incorrect')).toBe(true);
    expect(blocks.some((block) => block.kind === 'correct')).toBe(true);
  });

  it.each(blocks.map((block) => [`${block.kind} example at line ${block.line}`, block] as const))('%s', (_, block) => {
    const messages = linter.verify(
      block.code,
      [
        { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
        { files: ['**/*.ts'], plugins: { 'redis-leaks': plugin as never }, rules: { [`redis-leaks/${name}`]: 'error' } },
      ],
      'example.ts',
    );
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    const reports = messages.filter((message) => message.ruleId === `redis-leaks/${name}`);
    if (block.kind === 'incorrect') expect(reports.length).toBeGreaterThan(0);
    else expect(reports).toEqual([]);
  });
});

describe('README', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it('starts with the two fresh-machine commands', () => {
    const firstLines = readme.split('\n').slice(0, 6).join('\n');
    expect(firstLines).toContain('npm ci && npm run demo');
    expect(firstLines).toContain('npm ci && npm test');
  });

  it.each(Object.keys(plugin.rules))('lists %s in the Fixes table', (name) => {
    const fixes = readme.split('\n## Fixes\n')[1]!.split('\n## ')[0]!;
    expect(fixes).toContain(`[${name}](docs/rules/${name}.md)`);
  });
});
