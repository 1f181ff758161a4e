/**
 * ebm bench sets FILE --beta B: heat-bath throughput of the set lane sampler on a model, attempts per ns, its
 * lanes, precision and acceptance, and the scalar reference sweep timed in the same run (src/sample/throughput.ts).
 * FILE is a Gset graph (energy = -cut, as ebm maxcut) or an ebm-model/1 set model.
 */
import { parseGset, readGset } from '../../data/gset.ts';
import { maxCutModel } from '../../solve/maxcut.ts';
import { parseModel, readModel } from '../../energies/modelFile.ts';
import { SetModel } from '../../energies/setModel.ts';
import { measureThroughput } from '../../sample/throughput.ts';
import { rangeError } from '../../errors.ts';
import { mustNum, mustStr, type CommandResult, type Flag, type Flags, type Operand } from '../args.ts';
import { readInput } from '../input.ts';

export const operands: readonly Operand[] = [
  { name: 'KIND', meaning: 'what to time: sets (single-site heat-bath on a set model)', choices: ['sets'] },
  { name: 'FILE', meaning: 'Gset graph (energy = -cut) or ebm-model/1 set model JSON ("-": stdin)' },
];

export const flags: readonly Flag[] = [
  { name: 'beta', value: 'B', type: 'number', required: true, meaning: 'inverse temperature of every lane and of the reference' },
  { name: 'seconds', value: 'S', type: 'number', default: 1, meaning: 'seconds of one timed run' },
  { name: 'rounds', value: 'R', type: 'number', default: 3, meaning: 'timed runs of each (alternating); medians reported' },
  { name: 'lanes', value: 'L', type: 'number', default: 64, meaning: 'lanes (replicas) of the lane sampler, rounded up to whole SIMD groups' },
  { name: 'precision', value: 'P', type: ['auto', 'float64'], default: 'auto', meaning: 'lane arithmetic: the narrowest exact one, or float64' },
  { name: 'seed', value: 'N', type: 'number', default: 1, meaning: 'random seed' },
];

/** A model file is JSON (starts with "{"); anything else is read as a Gset graph and becomes its max-cut model. */
function parseSetInput(text: string, source: string): SetModel {
  if (text.trimStart().startsWith('{')) {
    const model = parseModel(text, source);
    if (!(model instanceof SetModel)) throw rangeError(`Expected a set model in ${source} (ebm bench sets times set models)`);
    return model;
  }
  return maxCutModel(parseGset(text, source));
}

function readSetInput(path: string): SetModel {
  if (path.toLowerCase().endsWith('.json')) {
    const model = readModel(path);
    if (!(model instanceof SetModel)) throw rangeError(`Expected a set model in ${path} (ebm bench sets times set models)`);
    return model;
  }
  return maxCutModel(readGset(path));
}

export async function run([, file]: string[], flags: Flags): Promise<CommandResult> {
  const model = await readInput(file!, readSetInput, parseSetInput);
  const r = measureThroughput(model, {
    beta: mustNum(flags, 'beta'),
    seconds: mustNum(flags, 'seconds'),
    rounds: mustNum(flags, 'rounds'),
    lanes: mustNum(flags, 'lanes'),
    seed: mustNum(flags, 'seed'),
    precision: mustStr(flags, 'precision') as 'auto' | 'float64',
  });
  const json = {
    file,
    n: model.n,
    beta: r.beta,
    attempts_per_ns: r.attemptsPerNs,
    lanes: r.lanes,
    precision: r.precision,
    acceptance: r.acceptance,
    reference: 'scalar cached-field heat-bath sweep (native/core/reference.hpp: one chain, libm exp, xoshiro256**)',
    reference_attempts_per_ns: r.referenceAttemptsPerNs,
    ratio: r.ratio,
    rounds: r.rounds,
  };
  const text = [
    `${file}: n = ${model.n}, beta = ${r.beta}, heat-bath single-site sweeps (medians of ${r.rounds.lanes.length} alternating runs)`,
    `lanes:     ${r.attemptsPerNs.toFixed(4)} attempts/ns  (${r.lanes} lanes, ${r.precision}, acceptance ${r.acceptance.toFixed(4)})`,
    `reference: ${r.referenceAttemptsPerNs.toFixed(4)} attempts/ns  (scalar cached-field heat-bath sweep, one chain)`,
    `ratio:     ${r.ratio.toFixed(2)}x`,
  ];
  return { json, text: text.join('\n') };
}
