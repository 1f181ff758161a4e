/**
 * ebm logz MODEL: log Z = log Σ_y exp(-beta E(y)), exact or by PT stepping stone. --time and Ctrl-C stop both:
 * PT returns its estimate so far (stopped "deadline" / "aborted"); exact enumeration has no partial answer, so it
 * ends with the library's TimeoutError / AbortError (exit 1, or 130 after Ctrl-C).
 */
import { logPartition, type LogZResult } from '../../sample/logz.ts';
import type { Progress } from '../../cancel.ts';
import { deviceFlag, DEVICE_FLAG, mustStr, numberOptions, timeFlag, workersFlag, WORKERS_FLAG, MEMORY_FLAG, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readModelInput } from '../input.ts';

export const operands: readonly Operand[] = [{ name: 'MODEL', meaning: 'model file, JSON "format": "ebm-model/1" over sets or permutations ("-": stdin)' }];

export const flags: readonly Flag[] = [
  { name: 'method', value: 'M', type: ['exact', 'pt'], default: 'exact', meaning: 'enumeration (up to 24 free items) or parallel tempering' },
  { name: 'seed', value: 'N', type: 'number', defaultText: '1', meaning: 'PT: random seed' },
  { name: 'beta', value: 'B', type: 'number', defaultText: "the model's", meaning: 'inverse temperature' },
  { name: 'chains', value: 'C', type: 'number', defaultText: '8', meaning: 'PT: independent ladders (their spread gives the standard error)' },
  { name: 'replicas', value: 'R', type: 'number', defaultText: '16', meaning: 'PT: rungs per ladder' },
  { name: 'rounds', value: 'K', type: 'number', defaultText: '20000', meaning: 'PT: rounds of estimation' },
  { name: 'time', value: 'S', type: 'number', defaultText: 'none', meaning: 'wall-clock budget in seconds; past it, exact ends with a TimeoutError and PT returns its estimate so far' },
  WORKERS_FLAG,
  MEMORY_FLAG,
  DEVICE_FLAG,
];

/** The `--json` keys of a log Z estimate (the HTTP service answers the same). */
export function logZJson(r: LogZResult<unknown>) {
  return { logZ: r.logZ, method: r.method, ...(r.stdError !== undefined && { stdError: r.stdError }), ...(r.seconds !== undefined && { seconds: r.seconds }), ...(r.stopped !== undefined && { stopped: r.stopped }) };
}

export async function run([file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const time = timeFlag(flags);
  const model = await readModelInput(file!);
  const progress = context.progress(`logz ${file}`);
  const workers = workersFlag(flags);
  const method = mustStr(flags, 'method') as 'exact' | 'pt';
  const options = {
    ...(workers !== undefined && { workers }),
    ...deviceFlag(flags),
    onProgress: (p: Progress) => progress.update({ seconds: p.seconds, status: `rounds ${p.rounds}` }),
    method,
    signal: context.interruptSignal(),
    ...(time !== undefined && { timeLimitMs: time * 1000 }),
    ...numberOptions(flags, { seed: 'seed', beta: 'beta', chains: 'chains', replicas: 'replicas', rounds: 'rounds', maxMemoryMB: 'max-memory-mb' }),
  };
  return logZOutput(await logPartition(model, options));
}

/** What `ebm logz` prints, JSON and text (a queued job split over chains prints its merged estimate with it). */
export function logZOutput(r: LogZResult<unknown>): CommandResult {
  const text = `log Z = ${r.logZ}` + (r.stdError !== undefined && Number.isFinite(r.stdError) ? ` ± ${r.stdError.toExponential(2)} (PT, stepping stone)` : ` (${r.method})`);
  return { json: logZJson(r), text };
}
