/**
 * The epoch loop: Adam on seeded minibatches, a validation split carved from the training rows (never the test
 * rows) that picks the epoch whose weights are kept, and early stopping. Each step draws its negatives
 * (negatives.ts) outside the gradient tape and minimizes the loss's objective (losses.ts) for any structure
 * (structures.ts). Prediction is MAP: argmax_y g(x, y) (predict.ts).
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import { tf } from './tf.ts';
import { loadBackend } from './backend.ts';
import { EbmNetworks, requireWidths } from './models.ts';
import { objective } from './losses.ts';
import { Adam } from './adam.ts';
import { MarkovChains, MeanFieldProposal, MinMaxSampler, SamplePhi, type SamplerDraws } from './negatives.ts';
import { mapRows, score, thetaOf } from './predict.ts';
import { makeStructure, MAX_LABELS, type Structure } from './structures.ts';
import { copyWarmStart } from './warmStart.ts';
import { refitTau } from './tauRefit.ts';
import { LOSSES, PROPOSALS, TAU_INPUTS, type EpochReport, type LearnData, type LearnedModel, type ResolvedOptions, type TrainOptions, type TrainResult } from './types.ts';
import { applyStandardizer, fitStandardizer, mulberry32, shuffleInPlace, takeRows, type Standardizer } from '../data/preprocess.ts';
import { clip, describe, invalidParameterError, rejectUnknownKeys, requireInteger, requireNumber, rangeError } from '../errors.ts';
import { isArrayLike } from '../energies/matrix.ts';

// The public types live in types.ts (free of tfjs); re-exported beside the functions that take them.
export type { EpochReport, LearnData, LearnedModel, TrainOptions, TrainResult } from './types.ts';
// predict first lived here; the package entry and the CLI import it from this module.
export { predict } from './predict.ts';

/** Every TrainOptions key: another is a typo (`epoch: 500` would silently train 60 epochs). */
const TRAIN_KEYS: readonly (keyof TrainOptions)[] = ['model', 'loss', 'epochs', 'batch', 'samples', 'proposal', 'lr', 'hidden', 'tauHidden', 'tauInput', 'tauEpochs', 'dropout', 'seed', 'validation', 'mcmcSweeps', 'persistent', 'pcdSweeps', 'patience', 'warmStart', 'onEpoch'];

function resolve(o: TrainOptions): ResolvedOptions {
  if (typeof o !== 'object' || o === null) throw invalidParameterError('options', 'object { model, ... }', o, 'type');
  rejectUnknownKeys('options', o, TRAIN_KEYS, true);
  if (o.persistent !== undefined && typeof o.persistent !== 'boolean') throw invalidParameterError('persistent', 'boolean', o.persistent, 'type');
  if (o.onEpoch !== undefined && typeof o.onEpoch !== 'function') throw invalidParameterError('onEpoch', 'function', o.onEpoch, 'type');
  const hidden = requireWidths('hidden', o.hidden ?? [256]);
  const loss = o.loss ?? 'minmin-logistic';
  if (!LOSSES.includes(loss)) throw rangeError(`Expected one of ${LOSSES.join(', ')} for loss but received ${describe(loss)}`);
  const proposal = o.proposal ?? 'prior';
  if (!PROPOSALS.includes(proposal)) throw rangeError(`Expected one of ${PROPOSALS.join(', ')} for proposal but received ${describe(proposal)}`);
  const tauInput = o.tauInput ?? 'x';
  if (!TAU_INPUTS.includes(tauInput)) throw rangeError(`Expected one of ${TAU_INPUTS.join(', ')} for tauInput but received ${describe(tauInput)}`);
  // The mean field is of a set energy; sparsemax's E_q [g - tau]_+^2 is not the exp term it is weighted for.
  if (proposal === 'mean-field' && loss === 'minmin-sparsemax') throw rangeError('Expected proposal prior with loss minmin-sparsemax (mean-field weights the logistic E_q exp(g - tau))');
  return {
    model: o.model,
    loss,
    epochs: requireInteger('epochs', o.epochs ?? 60, 1, 1e6),
    batch: requireInteger('batch', o.batch ?? 64, 1, 1 << 20),
    samples: requireInteger('samples', o.samples ?? 32, 1, 1 << 16),
    proposal,
    lr: requireNumber('lr', o.lr ?? 1e-3, Number.MIN_VALUE, 10),
    hidden,
    tauHidden: o.tauHidden === undefined ? hidden : requireWidths('tauHidden', o.tauHidden),
    tauInput,
    tauEpochs: requireInteger('tauEpochs', o.tauEpochs ?? 0, 0, 1e6),
    dropout: requireNumber('dropout', o.dropout ?? 0, 0, 0.95),
    seed: requireInteger('seed', o.seed ?? 1, 0, 2 ** 31 - 1),
    validation: requireNumber('validation', o.validation ?? 0.15, 0, 0.5),
    mcmcSweeps: requireInteger('mcmcSweeps', o.mcmcSweeps ?? 20, 1, 1 << 20),
    persistent: o.persistent ?? true,
    pcdSweeps: requireInteger('pcdSweeps', o.pcdSweeps ?? 1, 1, 1 << 20),
    patience: requireInteger('patience', o.patience ?? 0, 0, 1e6),
  };
}

/**
 * Asserts the targets fit the structure: 0/1 per label (sets), or each row a rank vector, a permutation of
 * 0..k-1 (rankings). Anything else (y = 7, NaN, a tie) would train on features phi(y) of no state.
 */
function requireTargets(structure: Structure, y: ArrayLike<number>, rows: number): void {
  const k = structure.k;
  if (structure.space === 'set') {
    for (let t = 0; t < rows * k; t++) {
      if (y[t] !== 0 && y[t] !== 1) throw invalidParameterError(`data.y[${t}] (row ${Math.floor(t / k)}, label ${t % k})`, '0 or 1', y[t]);
    }
    return;
  }
  const seen = new Int32Array(k).fill(-1);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) {
      const v = y[r * k + j]!;
      if (!Number.isInteger(v) || v < 0 || v >= k || seen[v] === r) {
        const row = clip(Array.from({ length: k }, (_, i) => String(y[r * k + i])).join(','));
        throw rangeError(`Expected a ranking (a permutation of 0..${k - 1}) for row ${r} of data.y but received ${row}`);
      }
      seen[v] = r;
    }
  }
}

/** Standardized features as a float32 tensor, NaN imputed by the mean (0). */
function features(data: LearnData, standardizer: Standardizer): Float32Array {
  return Float32Array.from(applyStandardizer(data.x, data.rows, data.d, standardizer));
}

function gather(src: Float32Array, width: number, idx: ArrayLike<number>, from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) * width);
  for (let r = from; r < to; r++) out.set(src.subarray(idx[r]! * width, (idx[r]! + 1) * width), (r - from) * width);
  return out;
}

/**
 * train()'s validation split: the rows in a seeded shuffle (drawn from `random`, which training goes on drawing
 * from), the last `fraction` of them held out (at least one row when fraction > 0). Experiments that score the
 * held-out rows again (experiments/learning/threshold.ts) call it with a fresh generator of the same seed.
 */
export function validationSplit(rows: number, fraction: number, random: () => number): { trainIdx: Int32Array; validIdx: Int32Array } {
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  shuffleInPlace(order, random);
  const nValid = fraction > 0 ? Math.max(1, Math.round(fraction * rows)) : 0;
  return { trainIdx: order.slice(0, rows - nValid), validIdx: order.slice(rows - nValid) };
}

/**
 * Trains theta(x) and tau(x) jointly. Deterministic for a seed on a given backend.
 * @throws RangeError for bad options or data shapes (the message names the field)
 */
export async function train(data: LearnData, options: TrainOptions): Promise<TrainResult> {
  const o = resolve(options);
  if (typeof data !== 'object' || data === null) throw invalidParameterError('data', 'object { x, y, rows, d, k }', data, 'type');
  const structure = makeStructure(o.model, requireInteger('data.k', data.k, 1, MAX_LABELS));
  const k = structure.k;
  // No features, no x to condition on (and the dense kernels take layers at least 1 wide).
  const d = requireInteger('data.d', data.d, 1, 1 << 24);
  requireInteger('data.rows', data.rows, 1);
  if (!isArrayLike(data.x)) throw invalidParameterError('data.x', 'array of rows * d numbers', data.x, 'type');
  if (!isArrayLike(data.y)) throw invalidParameterError('data.y', 'array of rows * k labels', data.y, 'type');
  if (data.x.length !== data.rows * d) throw rangeError(`Expected x of length rows * d = ${data.rows * d} but received ${data.x.length}`);
  if (data.y.length !== data.rows * k) throw rangeError(`Expected y of length rows * k = ${data.rows * k} but received ${data.y.length}`);
  requireTargets(structure, data.y, data.rows);
  const { backend } = await loadBackend();
  const start = performance.now();
  const random = mulberry32(o.seed);

  const { trainIdx, validIdx } = validationSplit(data.rows, o.validation, random);
  const nValid = validIdx.length;
  if (trainIdx.length < 1) throw rangeError(`Expected at least 2 rows with validation ${o.validation} but received ${data.rows}`);

  // Standardize with statistics of the training rows only.
  const xTrainRaw = new Float64Array(trainIdx.length * d);
  trainIdx.forEach((i, r) => {
    for (let j = 0; j < d; j++) xTrainRaw[r * d + j] = data.x[i * d + j]!;
  });
  const standardizer = fitStandardizer(xTrainRaw, trainIdx.length, d);
  const z = features(data, standardizer);
  const yAll = Int32Array.from(data.y);
  const m = structure.m;
  const phiAllRows = new Float32Array(data.rows * m);
  for (let r = 0; r < data.rows; r++) structure.features(yAll, r * k, phiAllRows, r * m);

  const networks = new EbmNetworks({ inputs: d, outputs: m, hidden: o.hidden, dropout: o.dropout, tauHidden: o.tauHidden, tauInput: o.tauInput }, o.seed);
  const samples = new SamplePhi(structure, o.samples);
  const sampler = o.loss === 'minmax' ? new MinMaxSampler(structure, samples, o, d) : null;
  const proposal = o.proposal === 'mean-field' ? new MeanFieldProposal(structure, samples) : null;
  if (options.warmStart) copyWarmStart(options.warmStart, networks, structure);
  const model: LearnedModel = { structure, networks, standardizer, d, loss: o.loss, options: o };
  const parameters = [...networks.energy.parameters, ...networks.tau.parameters, ...(sampler ? sampler.parameters : [])];
  const optimizer = new Adam(parameters, o.lr);

  let phiEnumerated: Tensor2D | null = null;
  if (o.loss === 'mle' && structure.kind !== 'unary') {
    const states = structure.allStates(1 << 16);
    if (!states) throw rangeError(`Expected at most 65536 states for exact MLE with model ${structure.kind} but k = ${k} has more`);
    const count = states.length / k;
    const phi = new Float32Array(count * m);
    for (let s = 0; s < count; s++) structure.features(states, s * k, phi, s * m);
    phiEnumerated = tf.tensor2d(phi, [count, m]);
  }
  const chains = o.loss === 'mcmc' ? new MarkovChains(structure, o, data.rows) : null;

  let step = 0;
  /** Dense gradients as arrays for the networks' backward passes (tfjs returns them as tensors). */
  const read = (t: Tensor): Float32Array => t.dataSync() as Float32Array;
  /**
   * One Adam step on rows rowsIdx[from .. to); returns the batch loss as a scalar tensor (read once per epoch).
   * The networks run forward in the native core; the gradient tape records only the loss of their outputs
   * (theta, tau, and the min-max sampler's logits, made tensors from copies), whose gradients the networks'
   * backward passes take on.
   */
  const trainStep = (rowsIdx: Int32Array, from: number, to: number): Tensor =>
    tf.tidy(() => {
      const B = to - from;
      step++;
      const batchRows = rowsIdx.subarray(from, to);
      const x = gather(z, d, batchRows, 0, B);
      const phiTarget = tf.tensor2d(gather(phiAllRows, m, batchRows, 0, B), [B, m]);
      // Negatives that depend on the current parameters are drawn outside the gradient tape. The proposal is
      // the mean field of this step's theta, with the step's dropout mask (drawn first for that).
      let dropoutSeed = proposal && o.dropout > 0 ? Math.floor(random() * 2 ** 30) : undefined;
      let energy = proposal ? networks.energy.forward(x, B, dropoutSeed) : null;
      let phiPrior: Float32Array;
      let logWeight: Float32Array | null = null;
      if (proposal) ({ phi: phiPrior, logWeight } = proposal.draw(energy!.output, B, random));
      else phiPrior = samples.prior(B, random);
      let phiNeg: Float32Array | null = null;
      let draws: SamplerDraws | null = null;
      if (chains) phiNeg = chains.phi(networks.theta(x, B), rowsIdx, from, B, step);
      else if (sampler) {
        draws = sampler.draw(x, B, random);
        phiNeg = draws.phi;
      }
      if (!proposal) {
        dropoutSeed = o.dropout > 0 ? Math.floor(random() * 2 ** 30) : undefined;
        energy = networks.energy.forward(x, B, dropoutSeed);
      }
      // tau reads x, or this step's theta held as data (its loss moves tau's weights, never the energy's).
      const tauForward = networks.tau.forward(networks.config.tauInput === 'theta' ? energy!.output : x, B);
      // Copies: the cpu backend keeps the array a tensor is made from, and these buffers are the networks'.
      const theta = tf.tensor2d(energy!.output.slice(), [B, m]);
      const tau = tf.tensor1d(tauForward.output.slice());
      const phiP = tf.tensor3d(phiPrior, [B, o.samples, m]);
      const negatives = phiNeg ? tf.tensor3d(phiNeg, [B, o.samples, m]) : null;
      const weights = logWeight ? tf.tensor2d(logWeight, [B, o.samples]) : null;
      const outputs = draws ? [theta, tau, draws.logits] : [theta, tau];
      const { value: cost, grads } = tf.valueAndGrads(() =>
        objective(o.loss, {
          theta,
          tau,
          phiTarget,
          phiPrior: phiP,
          logWeight: weights,
          phiNegatives: negatives,
          phiEnumerated,
          sampler: draws && { logProbability: () => draws!.logProbability(draws!.logits), logq: draws.logq },
        }),
      )(outputs);
      optimizer.step([
        ...networks.energy.backward(energy!.trace, read(grads[0]!)),
        ...networks.tau.backward(tauForward.trace, read(grads[1]!)),
        ...(draws ? sampler!.network.backward(draws.trace, read(grads[2]!)) : []),
      ]);
      return cost;
    });

  const history: EpochReport[] = [];
  let best = -Infinity;
  let bestEpoch = o.epochs;
  let bestWeights: Float32Array[] | null = null;
  const validZ = gather(z, d, validIdx, 0, validIdx.length);
  const validTruth = takeRows(yAll, k, validIdx);

  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(trainIdx, random);
    const costs: Tensor[] = [];
    for (let from = 0; from < trainIdx.length; from += o.batch) costs.push(trainStep(trainIdx, from, Math.min(trainIdx.length, from + o.batch)));
    const batches = costs.length;
    const total = tf.tidy(() => tf.addN(costs).dataSync()[0]!);
    costs.forEach((c) => c.dispose());
    let validation = NaN;
    if (nValid > 0) {
      validation = score(structure, validTruth, mapRows(structure, thetaOf(model, validZ, nValid), nValid));
      if (validation > best) {
        best = validation;
        bestEpoch = epoch;
        bestWeights = parameters.map((p) => p.slice());
      }
    }
    const report = { epoch, epochs: o.epochs, loss: total / batches, validation, seconds: (performance.now() - start) / 1000 };
    history.push(report);
    options.onEpoch?.(report);
    if (o.patience > 0 && nValid > 0 && epoch - bestEpoch >= o.patience) break;
  }
  if (bestWeights) parameters.forEach((p, i) => p.set(bestWeights![i]!));
  if (o.tauEpochs > 0) {
    // The refit fits a tau of theta (a jointly trained tau of x is replaced, so the model's tauInput becomes
    // theta) with importance-weighted mean-field draws on set models (exact for unary energies: zero variance),
    // whatever training used; min-min sparsemax keeps prior draws. The energy, hence every prediction, is the
    // trained one, whatever the refit does.
    networks.useTauOfTheta(o.seed + 104729);
    model.options = { ...o, tauInput: 'theta' };
    const refitProposal = proposal ?? (structure.space === 'set' && o.loss !== 'minmin-sparsemax' ? new MeanFieldProposal(structure, samples) : null);
    refitTau({ networks, z, trainIdx, samples, proposal: refitProposal, epochs: o.tauEpochs, sparsemax: o.loss === 'minmin-sparsemax', batch: o.batch, lr: o.lr, random });
  }
  phiEnumerated?.dispose();
  sampler?.dispose();
  return { model, backend, seconds: (performance.now() - start) / 1000, bestEpoch, bestValidation: nValid > 0 ? best : NaN, history };
}
