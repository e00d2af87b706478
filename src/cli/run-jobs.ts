import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult } from './fix-file';
import { fixFile } from './fix-file';

/** Below this many files, starting worker threads costs more than it saves. */
const FILES_PER_WORKER = 200;

/**
 * Runs the file jobs on every core: worker threads for large trees, in-process for
 * small ones (and when running from TypeScript sources, where no compiled worker exists).
 */
export async function runFileJobs(jobs: readonly FileJob[], onDone: (result: FileResult) => void, concurrency?: number): Promise<FileResult[]> {
  const workerScript = path.join(__dirname, 'fix-worker.js');
  const threads = Math.min(concurrency ?? availableParallelism(), Math.ceil(jobs.length / FILES_PER_WORKER));
  if (threads <= 1 || !existsSync(workerScript)) {
    return jobs.map((job) => {
      const result = fixFile(job);
      onDone(result);
      return result;
    });
  }
  const results: FileResult[] = new Array(jobs.length);
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerScript);
      let current = -1;
      const dispatch = () => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = next++;
        worker.postMessage(jobs[current]);
      };
      worker.on('message', (result: FileResult) => {
        results[current] = result;
        onDone(result);
        dispatch();
      });
      worker.on('error', reject);
      dispatch();
    });
  await Promise.all(Array.from({ length: threads }, runWorker));
  return results;
}
