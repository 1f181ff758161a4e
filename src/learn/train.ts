/**
 * Training loop: Adam on minibatches, one loss harness (losses.ts) for every structure (structures.ts), a
 * validation split carved from the training rows (never the test rows) that picks the epoch whose weights are
 * kept, seeded shuffles, dropout and prior samples. Prediction is MAP: argmax_y g(x, y).
 */
import type { Scalar, Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import { tf } from './tf.ts';
import { loadBackend } from './backend.ts';
import { EbmNetworks, Mlp, networksOf } from './models.ts';
import * as L from './losses.ts';
import { makeStructure, type Structure } from './structures.ts';
import { LOSSES, type EpochReport, type LearnData, type LearnedModel, type ResolvedOptions, type TrainOptions, type TrainResult } from './types.ts';
import { applyStandardizer, fitStandardizer, mulberry32, shuffleInPlace, takeRows, type Standardizer } from '../data/preprocess.ts';
import { setModel } from '../energies/setModel.ts';
import { sampleSync } from '../sample/sample.ts';
import { samplePermutationsSync } from '../sample/permSample.ts';
import { logFactorial, permModel } from '../energies/permModel.ts';
import { f1Example } from '../metrics/multilabel.ts';
import { kendallTau } from '../metrics/ranking.ts';
import { writeRanks } from '../solve/rank.ts';
import { requireInteger, requireNumber, rangeError } from '../errors.ts';

// The public types live in types.ts (free of tfjs); re-exported beside the functions that take them.
export type { EpochReport, LearnData, LearnedModel, TrainOptions, TrainResult } from './types.ts';

function resolve(o: TrainOptions): ResolvedOptions {
  const hidden = o.hidden ?? [256];
  hidden.forEach((h, i) => requireInteger(`hidden[${i}]`, h, 1, 65536));
  const loss = o.loss ?? 'minmin-logistic';
  if (!LOSSES.includes(loss)) throw rangeError(`Expected one of ${LOSSES.join(', ')} for loss but received ${JSON.stringify(loss)}`);
  return {
    model: o.model,
    loss,
    epochs: requireInteger('epochs', o.epochs ?? 60, 1, 1e6),
    batch: requireInteger('batch', o.batch ?? 64, 1, 1 << 20),
    samples: requireInteger('samples', o.samples ?? 32, 1, 1 << 16),
    lr: requireNumber('lr', o.lr ?? 1e-3, Number.MIN_VALUE, 10),
    hidden,
    tauHidden: o.tauHidden ?? hidden,
    dropout: requireNumber('dropout', o.dropout ?? 0, 0, 0.95),
    seed: requireInteger('seed', o.seed ?? 1, 0, 2 ** 31 - 1),
    validation: requireNumber('validation', o.validation ?? 0.15, 0, 0.5),
    mcmcSweeps: requireInteger('mcmcSweeps', o.mcmcSweeps ?? 20, 1, 1 << 20),
    persistent: o.persistent ?? true,
    pcdSweeps: requireInteger('pcdSweeps', o.pcdSweeps ?? 1, 1, 1 << 20),
    patience: requireInteger('patience', o.patience ?? 0, 0, 1e6),
  };
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

/** Energy model (E = -g) of a set structure's head output, for the native sampler. */
function setEnergy(structure: Structure, theta: Float32Array) {
  if (structure.kind === 'pairwise') return (structure as unknown as { energyModel(t: Float32Array): ReturnType<typeof setModel> }).energyModel(theta);
  return setModel({ n: structure.k, unary: Array.from(theta, (v) => -v) });
}

/** Energy model (E = -g) of a permutation structure's head output: linear costs C[j][s] = -(coefficient of [sigma_j = s] in g). */
export function permutationEnergy(structure: Structure, theta: Float32Array) {
  const k = structure.k;
  const C = new Float64Array(k * k);
  if (structure.kind === 'birkhoff') for (let t = 0; t < k * k; t++) C[t] = -theta[t]!;
  // Permutahedron: g = sum_j theta_j ((k-1)/2 - sigma_j), so E = sum_j theta_j sigma_j up to a constant.
  else for (let j = 0; j < k; j++) for (let s = 0; s < k; s++) C[j * k + s] = theta[j]! * s;
  return permModel({ n: k, linear: C });
}

/** Quality on held-out rows: example-based F1 (sets) or Kendall tau (rankings). */
export function score(structure: Structure, truth: ArrayLike<number>, predicted: Int32Array): number {
  return structure.space === 'set' ? f1Example(truth, predicted, structure.k) : kendallTau(truth, predicted, structure.k);
}

/** Head outputs theta(x) for standardized rows, in chunks, as one Float32Array [rows * m]. */
export function thetaOf(model: LearnedModel, z: Float32Array, rows: number): Float32Array {
  const networks = networksOf(model);
  const out = new Float32Array(rows * model.structure.m);
  const chunk = 1024;
  for (let r = 0; r < rows; r += chunk) {
    const end = Math.min(rows, r + chunk);
    const t = tf.tidy(() => networks.theta(tf.tensor2d(z.subarray(r * model.d, end * model.d), [end - r, model.d])).dataSync());
    out.set(t as Float32Array, r * model.structure.m);
  }
  return out;
}

export function tauOf(model: LearnedModel, z: Float32Array, rows: number): Float32Array {
  const networks = networksOf(model);
  return tf.tidy(() => networks.logPartition(tf.tensor2d(z, [rows, model.d])).dataSync() as Float32Array);
}

/** MAP predictions for raw (unstandardized) feature rows. */
export function predict(model: LearnedModel, x: ArrayLike<number>, rows: number): { predicted: Int32Array; theta: Float32Array; z: Float32Array } {
  const z = Float32Array.from(applyStandardizer(x, rows, model.d, model.standardizer));
  const theta = thetaOf(model, z, rows);
  const k = model.structure.k;
  const m = model.structure.m;
  const predicted = new Int32Array(rows * k);
  for (let r = 0; r < rows; r++) model.structure.map(theta.subarray(r * m, (r + 1) * m), predicted, r * k);
  return { predicted, theta, z };
}

/** Copies a unary model's backbone, unary head and tau into fresh networks (pairwise outputs stay zero). */
function copyWarmStart(from: LearnedModel, to: EbmNetworks, structure: Structure): void {
  const src = networksOf(from);
  if (from.structure.kind !== 'unary' || from.structure.k !== structure.k || from.d !== to.config.inputs || JSON.stringify(src.config.hidden) !== JSON.stringify(to.config.hidden) || JSON.stringify(src.config.tauHidden) !== JSON.stringify(to.config.tauHidden))
    throw rangeError('Expected warmStart to be a unary model with the same labels, features and hidden widths');
  const last = to.energy.layers.length - 1;
  to.energy.layers.forEach((layer, l) => {
    const s = src.energy.layers[l]!;
    if (l < last) {
      layer.W.assign(s.W);
      layer.b.assign(s.b);
      return;
    }
    // Output layer: columns 0..k-1 are the unary part of phi in both structures.
    const k = structure.k;
    const m = structure.m;
    const [fanIn] = layer.W.shape;
    const w = new Float32Array(fanIn! * m);
    const ws = s.W.dataSync();
    for (let i = 0; i < fanIn!; i++) for (let j = 0; j < k; j++) w[i * m + j] = ws[i * k + j]!;
    const b = new Float32Array(m);
    b.set(s.b.dataSync().subarray(0, k));
    layer.W.assign(tf.tensor2d(w, [fanIn!, m]));
    layer.b.assign(tf.tensor1d(b));
  });
  to.tau.layers.forEach((layer, l) => {
    layer.W.assign(src.tau.layers[l]!.W);
    layer.b.assign(src.tau.layers[l]!.b);
  });
}

/**
 * Trains theta(x) and tau(x) jointly. Deterministic for a seed on a given backend.
 * @throws RangeError for bad options or data shapes (the message names the field)
 */
export async function train(data: LearnData, options: TrainOptions): Promise<TrainResult> {
  const o = resolve(options);
  const structure = makeStructure(o.model, data.k);
  const { d, k } = data;
  if (data.x.length !== data.rows * d) throw rangeError(`Expected x of length rows * d = ${data.rows * d} but received ${data.x.length}`);
  if (data.y.length !== data.rows * k) throw rangeError(`Expected y of length rows * k = ${data.rows * k} but received ${data.y.length}`);
  const { backend } = await loadBackend();
  const start = performance.now();
  const random = mulberry32(o.seed);

  // Validation rows: a seeded shuffle, the last fraction held out.
  const order = Int32Array.from({ length: data.rows }, (_, i) => i);
  shuffleInPlace(order, random);
  const nValid = o.validation > 0 ? Math.max(1, Math.round(o.validation * data.rows)) : 0;
  const trainIdx = order.slice(0, data.rows - nValid);
  const validIdx = order.slice(data.rows - nValid);
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

  const networks = new EbmNetworks({ inputs: d, outputs: m, hidden: o.hidden, dropout: o.dropout, tauHidden: o.tauHidden }, o.seed);
  const sampler = o.loss === 'minmax' ? new Mlp({ inputs: d, hidden: o.hidden, outputs: k, dropout: 0 }, o.seed + 104729, 'sampler') : null;
  if (options.warmStart) copyWarmStart(options.warmStart, networks, structure);
  const model: LearnedModel = { structure, networks, standardizer, d, loss: o.loss, options: o };
  const variables = [...networks.energy.variables, ...networks.tau.variables, ...(sampler ? sampler.variables : [])];
  const optimizer = tf.train.adam(o.lr);

  let phiEnumerated: Tensor2D | null = null;
  if (o.loss === 'mle' && structure.kind !== 'unary') {
    const states = structure.allStates(1 << 16);
    if (!states) throw rangeError(`Expected at most 65536 states for exact MLE with model ${structure.kind} but k = ${k} has more`);
    const count = states.length / k;
    const phi = new Float32Array(count * m);
    for (let s = 0; s < count; s++) structure.features(states, s * k, phi, s * m);
    phiEnumerated = tf.tensor2d(phi, [count, m]);
  }
  const logq = structure.space === 'set' ? -k * Math.LN2 : -logFactorial(k);

  const S = o.samples;
  const ySample = new Int32Array(S * k);
  /** phi of S draws per example from `draw`, as [B, S, m]. */
  const samplePhi = (B: number, draw: (b: number, s: number, out: Int32Array, offset: number) => void, keepStates?: Int32Array): Float32Array => {
    const phi = new Float32Array(B * S * m);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) draw(b, s, ySample, s * k);
      for (let s = 0; s < S; s++) structure.features(ySample, s * k, phi, (b * S + s) * m);
      keepStates?.set(ySample, b * S * k);
    }
    return phi;
  };
  const prior = (_b: number, _s: number, out: Int32Array, offset: number) => structure.samplePrior(random, out, offset);
  // PCD: S chain states per training row (0/1 rows for sets, sigma rows for permutations), and whether the
  // row's chains were started yet.
  const pcd = o.loss === 'mcmc' && o.persistent;
  const chainStates = pcd ? (structure.space === 'set' ? new Uint8Array(data.rows * S * k) : new Int32Array(data.rows * S * k)) : null;
  const chainStarted = pcd ? new Uint8Array(data.rows) : null;

  let step = 0;
  const trainStep = (rowsIdx: Int32Array, from: number, to: number): number => {
    const B = to - from;
    step++;
    const xb = gather(z, d, rowsIdx, from, to);
    const phiT = gather(phiAllRows, m, rowsIdx, from, to);
    const phiPrior = samplePhi(B, prior);
    // Negatives that depend on the current parameters are drawn outside the gradient tape.
    let phiNeg: Float32Array | null = null;
    let negStates: Int32Array | null = null;
    let mask: Float32Array | null = null;
    if (o.loss === 'mcmc') {
      const theta = tf.tidy(() => networks.theta(tf.tensor2d(xb, [B, d])).dataSync() as Float32Array);
      phiNeg = new Float32Array(B * S * m);
      for (let b = 0; b < B; b++) {
        const t = theta.subarray(b * m, (b + 1) * m);
        const seed = (o.seed * 1_000_003 + step * 4099 + b) % 2 ** 31;
        // One sample per chain: S chains, burn-in, then one kept sweep (so a persistent chain moves pcdSweeps).
        let sampling: { samples: number; chains: number; burnIn: number; thin: number; seed: number; initial?: Uint8Array | Int32Array } = { samples: S, chains: S, burnIn: o.mcmcSweeps, thin: 1, seed };
        let own: Uint8Array | Int32Array | null = null;
        if (chainStates) {
          const row = rowsIdx[from + b]!;
          own = chainStates.subarray(row * S * k, (row + 1) * S * k);
          if (chainStarted![row] === 1) sampling = { ...sampling, burnIn: o.pcdSweeps - 1, initial: own };
          chainStarted![row] = 1;
        }
        const states = structure.space === 'permutation' ? samplePermutationsSync(permutationEnergy(structure, t), sampling).samples : sampleSync(setEnergy(structure, t), sampling).samples;
        own?.set(states);
        for (let s = 0; s < S; s++) structure.features(states, s * k, phiNeg, (b * S + s) * m);
      }
    } else if (sampler) {
      const logits = tf.tidy(() => sampler.apply(tf.tensor2d(xb, [B, d])).dataSync() as Float32Array);
      negStates = new Int32Array(B * S * k);
      const draw = (b: number, _s: number, out: Int32Array, offset: number) => {
        const l = logits.subarray(b * k, (b + 1) * k);
        if (structure.space === 'set') {
          for (let i = 0; i < k; i++) out[offset + i] = random() < 1 / (1 + Math.exp(-l[i]!)) ? 1 : 0;
        } else {
          // Gumbel-max: sorting scores + Gumbel noise draws a Plackett-Luce ranking.
          writeRanks(Array.from(l, (v) => v - Math.log(-Math.log(random() + 1e-12) + 1e-12)), out, offset);
        }
      };
      phiNeg = samplePhi(B, draw, negStates);
      if (structure.space === 'permutation') {
        mask = new Float32Array(B * S * k * k);
        for (let t = 0; t < B * S; t++) for (let p = 0; p < k; p++) for (let j = 0; j < k; j++) mask[(t * k + p) * k + j] = negStates[t * k + j]! >= p ? 0 : -1e9;
      }
    }
    const dropoutSeed = o.dropout > 0 ? Math.floor(random() * 2 ** 30) : undefined;
    const value = tf.tidy(() => {
      const x = tf.tensor2d(xb, [B, d]);
      const phiTarget = tf.tensor2d(phiT, [B, m]);
      const phiP = tf.tensor3d(phiPrior, [B, S, m]);
      const negatives = phiNeg ? tf.tensor3d(phiNeg, [B, S, m]) : null;
      const cost = optimizer.minimize(
        () => {
          const theta = networks.theta(x, dropoutSeed);
          const tau = networks.logPartition(x);
          const g = L.affinity(theta, phiTarget);
          const gPrior = L.sampleAffinities(theta, phiP);
          switch (o.loss) {
            case 'minmin-logistic':
              return L.minminLogistic(g, gPrior, tau);
            case 'minmin-sparsemax':
              return L.minminSparsemax(g, gPrior, tau);
          }
          // The other losses fit tau beside, on the min-min logistic objective with g held fixed.
          const tauFit = L.minminLogistic(L.stopGradient(g), L.stopGradient(gPrior), tau);
          let main: Scalar;
          if (o.loss === 'mle') {
            const logZ = phiEnumerated ? L.enumeratedLogPartition(theta, phiEnumerated) : L.unaryLogPartition(theta);
            main = L.negativeLogLikelihood(logZ, g);
          } else if (o.loss === 'mcmc') {
            main = L.contrastiveSurrogate(g, L.sampleAffinities(theta, negatives as Tensor3D));
          } else {
            const gNeg = L.sampleAffinities(theta, negatives as Tensor3D);
            const scores = sampler!.apply(x);
            const logp =
              structure.space === 'set'
                ? L.bernoulliLogProbability(scores, tf.tensor3d(Float32Array.from(negStates!), [B, S, k]))
                : L.plackettLuceLogProbability(scores, tf.tensor4d(mask!, [B, S, k, k]));
            main = tf.add(L.contrastiveSurrogate(g, gNeg), L.scoreFunctionSurrogate(gNeg, logp, logq)) as Scalar;
          }
          return tf.add(main, tauFit) as Scalar;
        },
        true,
        variables,
      );
      return cost!.dataSync()[0]!;
    });
    return value;
  };

  const history: EpochReport[] = [];
  let best = -Infinity;
  let bestEpoch = o.epochs;
  let bestWeights: Tensor[] | null = null;
  const validZ = gather(z, d, validIdx, 0, validIdx.length);
  const validTruth = takeRows(yAll, k, validIdx);

  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    shuffleInPlace(trainIdx, random);
    let total = 0;
    let batches = 0;
    for (let from = 0; from < trainIdx.length; from += o.batch) {
      total += trainStep(trainIdx, from, Math.min(trainIdx.length, from + o.batch));
      batches++;
    }
    let validation = NaN;
    if (nValid > 0) {
      const theta = thetaOf(model, validZ, nValid);
      const predicted = new Int32Array(nValid * k);
      for (let r = 0; r < nValid; r++) structure.map(theta.subarray(r * m, (r + 1) * m), predicted, r * k);
      validation = score(structure, validTruth, predicted);
      if (validation > best) {
        best = validation;
        bestEpoch = epoch;
        bestWeights?.forEach((t) => t.dispose());
        bestWeights = variables.map((v) => tf.clone(v));
      }
    }
    const report = { epoch, epochs: o.epochs, loss: total / batches, validation, seconds: (performance.now() - start) / 1000 };
    history.push(report);
    options.onEpoch?.(report);
    if (o.patience > 0 && nValid > 0 && epoch - bestEpoch >= o.patience) break;
  }
  if (bestWeights) {
    variables.forEach((v, i) => v.assign(bestWeights![i]!));
    bestWeights.forEach((t) => t.dispose());
  }
  phiEnumerated?.dispose();
  sampler?.dispose();
  optimizer.dispose();
  return { model, backend, seconds: (performance.now() - start) / 1000, bestEpoch, bestValidation: nValid > 0 ? best : NaN, history };
}
