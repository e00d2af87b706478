import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FileJob, FileResult } from './file-job';
import { prefilteredResult, selectCodemods } from './file-job';

/** Below this many files to parse, starting worker threads (each loads ESLint and TypeScript) costs more than it saves. */
const FILES_PER_WORKER = 100;

/**
 * Runs the file jobs on every core. The text pre-filter runs here first, so only files
 * that may hold a finding are parsed; they go to worker threads when there are many, and
 * are done in-process when there are few (or when running from TypeScript sources, where
 * no compiled worker exists).
 */
export async function runFileJobs(jobs: readonly FileJob[], onDone: (result: FileResult) => void, concurrency?: number): Promise<FileResult[]> {
  const results: FileResult[] = new Array(jobs.length);
  const toParse: number[] = [];
  for (const [index, job] of jobs.entries()) {
    if (mayApply(job)) {
      toParse.push(index);
    } else {
      results[index] = prefilteredResult(job.file);
      onDone(results[index]);
    }
  }

  const workerScript = path.join(__dirname, 'fix-worker.js');
  const threads = Math.min(concurrency ?? availableParallelism(), Math.ceil(toParse.length / FILES_PER_WORKER));
  if (threads <= 1 || !existsSync(workerScript)) {
    // Loaded only here: with worker threads, the main thread never parses a file.
    const { fixFile } = await import('./fix-file.js');
    for (const index of toParse) {
      results[index] = fixFile(jobs[index]!);
      onDone(results[index]);
    }
    return results;
  }
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerScript);
      let current = -1;
      const dispatch = () => {
        if (next >= toParse.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        current = toParse[next++]!;
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

/** Whether any of the job's transforms may apply to the file's text; an unreadable file goes on, so `fixFile` reports why. */
function mayApply(job: FileJob): boolean {
  try {
    return selectCodemods(job, readFileSync(job.file, 'utf8')).length > 0;
  } catch {
    return true;
  }
}
