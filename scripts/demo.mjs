// The README's main job on the bundled demo, the way a user runs it:
//   1. `redis-leaks check` lists the findings in fixtures/demo;
//   2. `redis-leaks fix --dry` shows, as a unified diff, what the codemods would rewrite;
//   3. `redis-leaks audit` reads a scratch redis-server seeded with what the incidents leave behind.
// Findings are the point of the demo, so exit 1 counts as success; a crash or a usage error (2) does not.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../packages/redis-leaks/dist/cli/bin.js', import.meta.url));

function step(title, args) {
  const status = show(title, args);
  if (status !== 0 && status !== 1) process.exit(status);
}

function show(title, args) {
  console.log(`\n=== ${title}: redis-leaks ${args.join(' ')}\n`);
  return spawnSync(process.execPath, [bin, ...args], { cwd: root, stdio: 'inherit' }).status ?? 2;
}

step('The findings', ['check', 'fixtures/demo']);
step('What the codemods would change (nothing is written)', ['fix', 'fixtures/demo', '--dry']);

// 3. `redis-leaks audit` against a scratch redis-server (when one is installed): the keys and
//    connections the demo's incidents leave behind on a live server, tied back to the code.
await auditStep();

async function auditStep() {
  if (spawnSync('redis-server', ['--version']).error) {
    console.log('\n=== Skipped: `redis-leaks audit` needs a Redis server; install redis-server to see it here.\n');
    return;
  }
  const port = await freeLoopbackPort();
  const url = `redis://127.0.0.1:${port}`;
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const clients = [];
  let status = 0;
  try {
    const seed = await connect(url);
    clients.push(seed);
    // What the relayer leaves behind (no TTL), and sessions written the right way.
    const pipeline = seed.pipeline();
    for (let epoch = 0; epoch < 3000; epoch++) pipeline.set(`epoch_batch_size:${epoch}`, '42');
    for (let epoch = 0; epoch < 2000; epoch++) pipeline.sadd(`epoch_batch_submissions:${epoch}`, `0x${epoch.toString(16).padStart(64, '0')}`);
    for (let session = 0; session < 1000; session++) pipeline.set(`sess:${randomUUID()}`, '{}', 'EX', 3600);
    await pipeline.exec();
    // The dashboard helper's clients: one per call, never closed.
    for (let call = 0; call < 12; call++) clients.push(await connect(url, 'dashboard-report'));
    await new Promise((resolve) => setTimeout(resolve, 2100));
    status = show(`What a live server shows, tied to the code (a scratch redis-server on ${url})`, ['audit', '--url', url, '--idle', '1', 'fixtures/demo']);
  } finally {
    for (const client of clients) client.disconnect();
    server.kill();
  }
  if (status !== 0 && status !== 1) process.exit(status);
}

async function connect(url, connectionName) {
  for (let attempt = 0; ; attempt++) {
    const client = new Redis(url, { connectionName, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    // The server may still be starting: a refused connection is retried below, not reported.
    client.on('error', () => {});
    try {
      await client.connect();
      return client;
    } catch (error) {
      client.disconnect();
      if (attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function freeLoopbackPort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
