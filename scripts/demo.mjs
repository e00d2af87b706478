// The README's main job on the bundled demo: lint fixtures/demo with the
// plugin's recommended config, as a user's `npx eslint` would.
// Findings are the point of the demo, so exit 1 from ESLint counts as success;
// a crash or a config error (exit 2) does not.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const demo = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
console.log('redis-leaks demo: linting fixtures/demo with configs.recommended\n');
const eslint = spawnSync('npx', ['eslint', '--no-warn-ignored', '.'], { cwd: demo, stdio: 'inherit' });
if (eslint.status === 0) console.log('No findings.');
process.exit(eslint.status === 0 || eslint.status === 1 ? 0 : eslint.status ?? 2);
