import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import transform from '../../src/codemods/close-client';
import { SourceParseError } from '../../src/codemods/rule-findings';
import { describeTransformFixtures, runTransform } from './fixture-harness';

describeTransformFixtures('close-client', transform, 'no-unclosed-client');

const fixtureFile = path.join(__dirname, '..', '..', 'fixtures', 'close-client', 'unit.ts');

describe('close-client: what it will not fix', () => {
  it('never moves a close past a process.exit(), which skips the finally', () => {
    const source = `import { Redis } from 'ioredis';

export async function main(url: string) {
  const client = new Redis(url);
  await client.set('started', '1');
  await client.quit();
  process.exit(0);
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      {
        line: 4,
        reason: '`process.exit()` ends the process without running a `finally`, so a close moved there would never run: close `client` before it by hand',
      },
    ]);
  });

  it('names the line and why a client used inside an expression is left alone', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(url: string, key: string) {
  return new Redis(url).get(key);
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      {
        line: 4,
        reason: 'the client is used inside a larger expression (`new Redis(url).get(key)`), so no variable holds it to close: assign it to a `const` first',
      },
    ]);
  });

  it('names why a client opened and dropped is left alone', () => {
    const source = `import { Redis } from 'ioredis';

export function warmUp(url: string) {
  new Redis(url);
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      { line: 4, reason: 'the client is opened and dropped (`new Redis(url);`), so no variable holds it to close: assign it to a `const` first' },
    ]);
  });

  it('leaves a client closed twice on the happy path alone: one close has to go', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(key: string) {
  const redis = new Redis();
  const value = await redis.get(key);
  await redis.quit();
  await redis.quit();
  return value;
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([{ line: 4, reason: '`redis` is closed more than once in its block: keep one close, in a `finally`, by hand' }]);
  });

  it('leaves a close that reads a name declared in the moved statements alone: the `finally` cannot see it', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(key: string) {
  const redis = new Redis();
  const value = await redis.get(key);
  const onClosed = () => console.log('closed after reading', key);
  await redis.quit(onClosed);
  return value;
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      { line: 4, reason: '`onClosed` is declared in the statements that would move into the `try` and used outside them: move or rename it by hand' },
    ]);
  });

  it('leaves a client assigned to a variable of an outer block alone', () => {
    const source = `import { Redis } from 'ioredis';

export async function readAll(keys: string[]) {
  let redis: Redis;
  for (const key of keys) {
    redis = new Redis();
    await redis.get(key);
  }
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      {
        line: 6,
        reason: 'the client is assigned to a variable declared elsewhere: declare it where it is opened (`const client = …`) or add the `try`/`finally` by hand',
      },
    ]);
  });

  it('leaves a `var` client alone: code after its block can still use it', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(key: string) {
  var redis = new Redis();
  return redis.get(key);
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      { line: 4, reason: '`redis` is declared with `var`, which code after its block can still use: declare it with `const` or `let`' },
    ]);
  });

  it('leaves a client declared in a `switch` case alone: there is no block to wrap', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(kind: number) {
  switch (kind) {
    case 1:
      const redis = new Redis();
      await redis.get('one');
  }
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      { line: 6, reason: '`redis` is declared in a `switch` case, not directly in a `{ … }` block, so there are no statements to wrap after it' },
    ]);
  });

  it('leaves a block-scoped name alone when a closure before the client reads it', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(key: string) {
  const describe = () => \`\${key}: \${value}\`;
  const redis = new Redis();
  const value = await redis.get(key);
  return describe();
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      { line: 5, reason: '`value` is declared in the statements that would move into the `try` and used outside them: move or rename it by hand' },
    ]);
  });

  it('leaves a function that is not async alone when it returns a promise that uses the client', () => {
    const source = `import { Redis } from 'ioredis';

export function read(key: string) {
  const redis = new Redis();
  return redis.get(key);
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      {
        line: 4,
        reason: 'a `return` hands back a call that may still be using `redis` when the `finally` closes it: make the function `async` and `return await` it',
      },
    ]);
  });

  it('leaves a glide client alone when a command is not awaited: its close rejects pending commands', () => {
    const source = `import { GlideClient } from '@valkey/valkey-glide';

export async function touch(key: string) {
  const glide = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });
  void glide.expire(key, 60);
}
`;
    const { output, unfixable } = runTransform(transform, fixtureFile, source);
    expect(output).toBe(source);
    expect(unfixable).toEqual([
      { line: 4, reason: 'a command on `glide` is not awaited, and `close()` rejects the commands still pending: await it first' },
    ]);
  });

  it('leaves a reassigned `let` client alone: a `finally` would close only the last one', () => {
    const source = `import { Redis } from 'ioredis';

export async function read(keys: string[]) {
  let redis = new Redis();
  for (const key of keys) {
    await redis.get(key);
    redis = new Redis();
  }
}
`;
    const { unfixable } = runTransform(transform, fixtureFile, source);
    expect(unfixable).toContainEqual({ line: 4, reason: '`redis` is reassigned after it is opened, so a `finally` would close only the last client' });
  });

  it('prints through api.report when run by plain jscodeshift', async () => {
    const { default: jscodeshift } = await import('jscodeshift');
    const reports: string[] = [];
    const source = `import { Redis } from 'ioredis';

export function open(url: string) {
  const client = new Redis(url);
}
`;
    const api = { jscodeshift, j: jscodeshift, stats: () => {}, report: (message: string) => reports.push(message) };
    expect(transform({ path: fixtureFile, source }, api, {})).toBe(source);
    expect(reports).toEqual([
      `line 4: not fixed: nothing follows the declaration of \`client\` in its block, so there is nothing to wrap: close it where it is used, or hand it to an owner`,
    ]);
  });
});

describe('close-client: node-redis versions', () => {
  const projects = mkdtempSync(path.join(tmpdir(), 'redis-leaks-close-client-'));
  afterAll(() => rmSync(projects, { recursive: true, force: true }));

  /** A source file in a project whose node_modules holds `@redis/client` at `version`. */
  function fileInProjectWithNodeRedis(version: string): string {
    const root = path.join(projects, version);
    mkdirSync(path.join(root, 'node_modules', '@redis', 'client'), { recursive: true });
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules', '@redis', 'client', 'package.json'), JSON.stringify({ name: '@redis/client', version }));
    return path.join(root, 'src', 'settings.ts');
  }

  const source = `import { createClient } from 'redis';

export async function readSetting(name: string) {
  const client = createClient();
  await client.connect();
  return client.get(name);
}
`;

  it('closes with quit() under node-redis 4 (@redis/client 1.x), which has no close()', () => {
    expect(runTransform(transform, fileInProjectWithNodeRedis('1.6.1'), source).output).toBe(`import { createClient } from 'redis';

export async function readSetting(name: string) {
  const client = createClient();

  try {
    await client.connect();
    return await client.get(name);
  } finally {
    await client.quit();
  }
}
`);
  });

  it('closes with close() under node-redis 5', () => {
    expect(runTransform(transform, fileInProjectWithNodeRedis('5.12.1'), source).output).toContain('await client.close();');
  });
});

describe('close-client: input it cannot read', () => {
  it('throws SourceParseError for a file that does not parse, before changing anything', () => {
    const source = `import { Redis } from 'ioredis';
export async function read(key: string) {
  const redis = new Redis(;
}
`;
    expect(() => runTransform(transform, fixtureFile, source)).toThrow(SourceParseError);
  });

  it('returns the source untouched, without parsing it, when the rule finds nothing', () => {
    const source = `export const answer = 42;\n`;
    expect(runTransform(transform, fixtureFile, source).output).toBe(source);
  });

  // recast parses a copy with `\n` line breaks and tabs as spaces; findReportedNode maps findings onto it.
  it('wraps code in a file with CRLF line endings, keeping them', () => {
    const source = `import { Redis } from 'ioredis';\r\n\r\nexport async function read(key: string) {\r\n  const redis = new Redis();\r\n  return redis.get(key);\r\n}\r\n`;
    expect(runTransform(transform, fixtureFile, source).output).toBe(
      `import { Redis } from 'ioredis';\r\n\r\nexport async function read(key: string) {\r\n  const redis = new Redis();\r\n\r\n  try {\r\n    return await redis.get(key);\r\n  } finally {\r\n    await redis.quit();\r\n  }\r\n}\r\n`,
    );
  });

  it('wraps tab-indented code, keeping the tabs', () => {
    const source = `import { Redis } from 'ioredis';\n\nexport async function read(key: string) {\n\tif (key) {\n\t\tconst redis = new Redis();\n\t\treturn redis.get(key);\n\t}\n}\n`;
    expect(runTransform(transform, fixtureFile, source).output).toBe(
      `import { Redis } from 'ioredis';\n\nexport async function read(key: string) {\n\tif (key) {\n\t\tconst redis = new Redis();\n\n\t\ttry {\n\t\t\treturn await redis.get(key);\n\t\t} finally {\n\t\t\tawait redis.quit();\n\t\t}\n\t}\n}\n`,
    );
  });
});
