/**
 * ebm worker --redis URL: takes jobs from the queue (ebm submit, createQueueClient) and runs them until SIGTERM
 * or Ctrl-C, then waits for its running jobs and exits 0; a second signal hands them back at once (their locks
 * lapse and other workers run them again).
 */
import { startQueueWorker } from '../../queue/worker.ts';
import { rangeError } from '../../errors.ts';
import { mustNum, mustStr, num, WORKERS_FLAG, type CommandResult, type Flag, type Flags, type Operand } from '../args.ts';

export const operands: readonly Operand[] = [];

export const flags: readonly Flag[] = [
  { name: 'redis', value: 'URL', type: 'string', required: true, meaning: 'the Redis holding the queue (redis://host:6379); workers on other machines name the same one' },
  { name: 'concurrency', value: 'C', type: 'number', default: 1, meaning: 'jobs run at once by this process' },
  { name: 'queue', value: 'NAME', type: 'string', default: 'ebm', meaning: 'queue name (the same as ebm submit --queue)' },
  { ...WORKERS_FLAG, defaultText: 'the number of cores', meaning: "pool threads of sample and logz jobs without their own --workers, and of split parts (same results for any W)" },
  { name: 'lock', value: 'S', type: 'number', default: 30, meaning: "seconds a job's lock lasts unrenewed: a dead worker's job runs again elsewhere after about twice this" },
];

export async function run(_operands: string[], flags: Flags): Promise<CommandResult> {
  const concurrency = mustNum(flags, 'concurrency');
  if (!Number.isInteger(concurrency) || concurrency < 1) throw rangeError(`Expected integer >= 1 for --concurrency but received ${concurrency}`);
  const lock = mustNum(flags, 'lock');
  if (!(lock > 0)) throw rangeError(`Expected a number > 0 for --lock but received ${lock}`);
  const workers = num(flags, 'workers');
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw rangeError(`Expected integer >= 1 for --workers but received ${workers}`);
  const queue = mustStr(flags, 'queue');
  const log = (line: string) => flags.quiet !== true && process.stderr.write(`ebm worker: ${line}\n`);
  const counts = { completed: 0, failed: 0 };
  const worker = await startQueueWorker({
    connection: mustStr(flags, 'redis'),
    queue,
    concurrency,
    lockSeconds: lock,
    ...(workers !== undefined && { workers }),
    onJob: ({ id, kind, ms, error }) => {
      counts[error === undefined ? 'completed' : 'failed']++;
      log(`job ${id} (${kind}) ${error === undefined ? 'completed' : 'failed: ' + error} in ${ms} ms`);
    },
  });
  log(`taking jobs from queue ${queue} (concurrency ${concurrency}); SIGTERM or Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = () => {
      signals++;
      if (signals === 1) {
        log('stopping: finishing the running jobs (signal again to hand them back now)');
        worker.close().then(resolve, resolve);
      } else {
        // Their locks lapse and another worker runs them from the start: same answers for fixed work.
        log('handing the running jobs back');
        worker.close(true).then(resolve, resolve);
        // With Redis gone, even a forced close can wait on the driver: the second signal ends the process regardless.
        setTimeout(() => process.exit(0), 5000).unref();
      }
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  const text = `ebm worker: stopped after ${counts.completed} completed and ${counts.failed} failed jobs`;
  return { json: { queue, ...counts }, text };
}
