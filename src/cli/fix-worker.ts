import { parentPort } from 'node:worker_threads';
import type { FileJob } from './file-job';
import { fixFile } from './fix-file';

// A worker thread of `redis-leaks fix`: transforms the files it is sent, one message each.
parentPort?.on('message', (job: FileJob) => {
  parentPort!.postMessage(fixFile(job));
});
