/**
 * tau refit: after training, `tauEpochs` epochs of Adam on tau's weights alone, the energy frozen at the kept
 * epoch. The objective is min-min logistic's, restricted to tau (its -g(x, y) term is constant in tau):
 *
 *   min_tau  mean over training rows of  tau(x) + E_q exp(g(x, y') - tau(x)) - 1,
 *
 * whose minimizer at every x is log Z(x) of the kept energy (min-min sparsemax: its own objective restricted to
 * tau, tau + E_q 0.5 [g - tau]_+^2, whose minimizer is the sparsemax threshold). E_q is estimated as in training (prior draws, or
 * importance-weighted mean-field draws, which are exact for unary energies), so each step's gradient is an
 * unbiased estimate of this objective's. During training theta moves under tau at every step and the kept
 * epoch is chosen by validation F1, so tau lags behind the energy it is meant to normalize; with the energy
 * fixed it can converge. Predictions (and F1) are the kept epoch's: only tau's weights change.
 *
 * Adam's step starts at REFIT_STEP and decays linearly to zero over the refit, so the last iterates settle
 * instead of jittering at the step size.
 */
import type { Scalar } from '@tensorflow/tfjs';
import { tf } from './tf.ts';
import type { EbmNetworks } from './models.ts';
import { Adam } from './adam.ts';
import { minminLogistic, minminSparsemax, sampleAffinities } from './losses.ts';
import type { MeanFieldProposal, SamplePhi } from './negatives.ts';
import { shuffleInPlace } from '../data/preprocess.ts';

export interface TauRefit {
  networks: EbmNetworks;
  /** Standardized features of every row, row-major [rows * d]. */
  z: Float32Array;
  /** The rows tau is refit on (training rows, never validation or test). */
  trainIdx: Int32Array;
  samples: SamplePhi;
  proposal: MeanFieldProposal | null;
  epochs: number;
  /** min-min sparsemax refits its threshold on its own objective; every other loss's tau is log Z's. */
  sparsemax: boolean;
  batch: number;
  lr: number;
  random: () => number;
}

/**
 * Adam's first step in the refit. A regression of one smooth function with the energy fixed takes a larger step
 * than joint training (0.001): on emotions (seed 1, 300 epochs) tau's test MAE was 0.054 from 0.01 and 0.069
 * from 0.001 with relu units, 0.040 from 0.01 with softplus units.
 */
const REFIT_STEP = 0.01;

/** Runs the refit; returns the mean objective of its last epoch (NaN for 0 epochs). */
export function refitTau(r: TauRefit): number {
  const { networks, samples, proposal, random } = r;
  const S = samples.S;
  const m = networks.config.outputs;
  const n = r.trainIdx.length;
  const d = networks.config.inputs;
  const zTrain = new Float32Array(n * d);
  r.trainIdx.forEach((row, i) => zTrain.set(r.z.subarray(row * d, (row + 1) * d), i * d));
  // The energy is frozen: theta of the refit rows, once (no dropout: the energy tau normalizes at test time).
  const thetaJs = networks.theta(zTrain, n);
  const optimizer = new Adam(networks.tau.parameters, REFIT_STEP);
  const rowsOf = (src: Float32Array, width: number, idx: Int32Array) => {
    const out = new Float32Array(idx.length * width);
    idx.forEach((row, b) => out.set(src.subarray(row * width, (row + 1) * width), b * width));
    return out;
  };
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const steps = r.epochs * Math.ceil(n / r.batch);
  let step = 0;
  let last = NaN;
  for (let epoch = 0; epoch < r.epochs; epoch++) {
    shuffleInPlace(order, random);
    const costs: Scalar[] = [];
    for (let from = 0; from < n; from += r.batch) {
      const B = Math.min(n, from + r.batch) - from;
      const idx = order.subarray(from, from + B);
      const thetaRows = rowsOf(thetaJs, m, idx);
      let phi: Float32Array;
      let logWeight: Float32Array | null = null;
      if (proposal) ({ phi, logWeight } = proposal.draw(thetaRows, B, random));
      else phi = samples.prior(B, random);
      optimizer.learningRate = (REFIT_STEP * (steps - step)) / steps;
      step++;
      const cost = tf.tidy(() => {
        const theta = tf.tensor2d(thetaRows, [B, m]);
        const gSamples = sampleAffinities(theta, tf.tensor3d(phi, [B, S, m]));
        const weights = logWeight ? tf.tensor2d(logWeight, [B, S]) : null;
        // tau's forward in the native core; the tape holds the loss of its output, whose gradient tau's backward takes.
        const tauForward = networks.tau.forward(networks.config.tauInput === 'theta' ? thetaRows : rowsOf(zTrain, d, idx), B);
        const tau = tf.tensor1d(tauForward.output.slice());
        const { value, grads } = tf.valueAndGrads(() => (r.sparsemax ? minminSparsemax(tf.zeros([B]), gSamples, tau) : minminLogistic(tf.zeros([B]), gSamples, tau, weights)))([tau]);
        optimizer.step(networks.tau.backward(tauForward.trace, grads[0]!.dataSync() as Float32Array));
        return value as Scalar;
      });
      costs.push(cost);
    }
    last = tf.tidy(() => tf.addN(costs).dataSync()[0]! / costs.length);
    costs.forEach((c) => c.dispose());
  }
  return last;
}
