// The README's main job on the bundled demo, the way a user runs it:
//   1. `redis-leaks check` lists the findings in fixtures/demo;
//   2. `redis-leaks fix --dry` shows, as a unified diff, what the codemods would rewrite.
// Findings are the point of the demo, so exit 1 counts as success; a crash or a usage error (2) does not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));

function step(title, args) {
  console.log(`\n=== ${title}: redis-leaks ${args.join(' ')}\n`);
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 2);
}

step('The findings', ['check', 'fixtures/demo']);
step('What the codemods would change (nothing is written)', ['fix', 'fixtures/demo', '--dry']);
