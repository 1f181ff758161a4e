/**
 * A sampling or PT log Z job split into child jobs over chain ranges, merged exactly as the in-process pool
 * merges its workers (src/pool/parallel.ts): chain c's random stream is keyed by its global id, so a child
 * running chains [chainBase, chainBase + chains) with chainBase passed to the addon produces exactly those
 * chains of the one-process run. Sampling: the child draws its chains' samples (samplesOfPart) and tallies
 * them; the tallies add up. log Z: the children's per-chain estimates, put back in chain order, are combined by
 * combineChainLogZ. Either way the result is the same for any number of children and workers.
 */
import { numberOptions, type CommandResult, type Flags } from '../cli/args.ts';
import { logZOutput } from '../cli/commands/logz.ts';
import { sampleOutput } from '../cli/commands/sample.ts';
import { cancelFlag, progressOf, type Progress } from '../cancel.ts';
import { parseModel } from '../energies/modelFile.ts';
import { rangeError } from '../errors.ts';
import type { NativeLogZResult } from '../native.ts';
import { runInWorker, splitChains } from '../pool/pool.ts';
import { combineChainLogZ, progressPoller, samplesOfPart, worstStop } from '../pool/parallel.ts';
import { countStates } from '../sample/sample.ts';
import type { NativeRows, Row } from '../spaces/space.ts';
import { permSpace } from '../spaces/perm.ts';
import { setSpace } from '../spaces/set.ts';
import type { MergeData, PartData, RunData } from './job.ts';
import type { JobControl } from './run.ts';

type Stopped = 'done' | 'deadline' | 'aborted';

/** What a child returns: its chains' tallies (sample) or per-chain log Z estimates (logz), and how it stopped. */
export interface PartResult {
  index: number;
  counts?: [string, number][];
  produced?: number;
  chainLogZ?: number[];
  stopped: Stopped;
  seconds: number;
}

/** The chains a split job needs: --chains C, given (so that the split and the one-process run agree on C). */
export function splitOf(data: Pick<RunData, 'kind' | 'flags'>, split: number): PartData[] {
  if (data.kind !== 'sample' && !(data.kind === 'logz' && data.flags.method === 'pt')) throw rangeError(`Expected a sample or logz --method pt job for --split but received ${data.kind}${data.kind === 'logz' ? ' --method exact' : ''}`);
  const chains = data.flags.chains;
  if (typeof chains !== 'number') throw rangeError('Expected --chains C with --split K (the chains to split) but received no --chains');
  if (!Number.isInteger(split) || split < 1 || split > chains) throw rangeError(`Expected integer in [1, ${chains}] (--chains) for --split but received ${split}`);
  return splitChains(chains, split).map((p, index) => ({ index, ...p }));
}

/** Runs one child: the parent's input over the child's chain range, in a pool thread (the event loop stays free). */
export async function runPart(data: RunData, part: PartData, control: JobControl): Promise<PartResult> {
  const model = parseModel(data.text, data.file);
  const space = model.space === 'set' ? setSpace : permSpace;
  const { flag, dispose } = cancelFlag(control.signal);
  try {
    if (data.kind === 'sample') return await samplePart(data.flags, model, space, part, flag, control);
    const poller = progressPoller(1, progressOf('logZ', (p) => control.onProgress({ seconds: p.seconds, status: `rounds ${p.rounds}` })), { value: 'sum', rounds: 'max' });
    const options = {
      ...numberOptions(data.flags, { replicas: 'replicas', rounds: 'rounds' }),
      // The library's defaults (src/sample/logz.ts): seed 1, the model's beta, no deadline.
      seed: typeof data.flags.seed === 'number' ? data.flags.seed : 1,
      beta: typeof data.flags.beta === 'number' ? data.flags.beta : model.beta,
      timeLimit: 0,
      chains: part.chains,
      chainBase: part.chainBase,
      cancel: flag,
      ...(poller.buffers[0] && { progress: poller.buffers[0] }),
    };
    const r = await runInWorker<NativeLogZResult>(space.native.logZSync, [model.toNative(), options]).finally(poller.stop);
    return { index: part.index, chainLogZ: Array.from(r.chainLogZ), stopped: r.stopped, seconds: r.seconds };
  } finally {
    dispose();
  }
}

async function samplePart(flags: Flags, model: ReturnType<typeof parseModel>, space: typeof setSpace | typeof permSpace, part: PartData, flag: Int32Array, control: JobControl): Promise<PartResult> {
  const total = flags.samples as number;
  const samples = samplesOfPart(part, flags.chains as number, total);
  if (samples === 0) return { index: part.index, counts: [], produced: 0, stopped: 'done', seconds: 0 };
  const onProgress = ({ seconds, produced = 0 }: Progress) => control.onProgress({ seconds, done: produced, total: samples, status: `${produced} samples` });
  const poller = progressPoller(1, progressOf('sample', onProgress), { value: 'sum', rounds: 'max' });
  const options = {
    ...numberOptions(flags, { replicas: 'replicas', burnIn: 'burn-in' }),
    // The library's defaults (src/sample/sample.ts): the model's beta, the space's thinning, no deadline.
    seed: flags.seed as number,
    method: flags.method as 'gibbs' | 'pt',
    beta: typeof flags.beta === 'number' ? flags.beta : model.beta,
    thin: typeof flags.thin === 'number' ? flags.thin : space.defaults.thin,
    timeLimit: 0,
    samples,
    chains: part.chains,
    chainBase: part.chainBase,
    cancel: flag,
    ...(poller.buffers[0] && { progress: poller.buffers[0] }),
  };
  const r = await runInWorker<NativeRows<Row> & { produced: number }>(space.native.sampleSync, [model.toNative(), options]).finally(poller.stop);
  const counts = countStates({ samples: r.samples, produced: r.produced, n: model.n });
  return { index: part.index, counts: [...counts], produced: r.produced, stopped: r.stopped, seconds: r.seconds };
}

/** The parent's result: the children merged, printed by the local command's own output function. */
export function mergeParts(data: MergeData, parts: PartResult[]): CommandResult {
  const ordered = [...parts].sort((a, b) => a.index - b.index);
  const stopped = worstStop(ordered.map((p) => p.stopped));
  const seconds = Math.max(...ordered.map((p) => p.seconds));
  if (data.kind === 'sample') {
    const counts = new Map<string, number>();
    for (const p of ordered) for (const [key, count] of p.counts ?? []) counts.set(key, (counts.get(key) ?? 0) + count);
    const produced = ordered.reduce((sum, p) => sum + (p.produced ?? 0), 0);
    return sampleOutput({ counts, produced, stopped, seconds }, data.flags.method as 'gibbs' | 'pt');
  }
  const chainLogZ = ordered.flatMap((p) => p.chainLogZ ?? []);
  return logZOutput({ ...combineChainLogZ(chainLogZ), method: 'pt', stopped, seconds });
}
