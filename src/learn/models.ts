/**
 * Networks: a backbone MLP h(x) with a linear head emitting the energy parameters theta(x) (size m of the
 * structure's feature map, see structures.ts), and the log-partition network tau(x), a separate MLP with a
 * scalar output. Weights are plain tf.Variables initialized from our own seeded PRNG (Glorot uniform), so a
 * seed fixes the run on every backend, and they serialize to JSON arrays.
 */
import type { Tensor, Tensor1D, Tensor2D, Variable } from '@tensorflow/tfjs';
import { tf } from './tf.ts';
import type { LearnedModel, LearnedNetworks, MlpConfig, TauInput } from './types.ts';
import { stopGradient } from './losses.ts';
import { mulberry32 } from '../data/preprocess.ts';
import { invalidParameterError, rangeError, requireInteger } from '../errors.ts';
import { checkNetworkMemory } from '../resources/memory.ts';

/** Asserts hidden layer widths: an array of integers in [1, 65536] ([] is a linear model); returns it. */
export function requireWidths(name: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidParameterError(name, 'array of layer widths (integers in [1, 65536])', value, 'type');
  value.forEach((h, i) => requireInteger(`${name}[${i}]`, h, 1, 65536));
  return value as number[];
}

interface Dense {
  W: Variable;
  b: Variable;
}

/**
 * What a training forward pass keeps for its backward pass: each layer's input (inputs[0] = x; inputs[l + 1]
 * is layer l's output after its activation and dropout), each hidden layer's dropout multiplier (0 or
 * 1/keep; null without dropout), and for softplus units each hidden layer's pre-activation.
 */
export interface MlpTrace {
  inputs: Tensor2D[];
  masks: (Tensor2D | null)[];
  preActivations: (Tensor2D | null)[];
}

/**
 * The dropout multiplier of a hidden layer [batch, width]: each unit kept with probability 1 - rate, scaled by
 * 1/(1 - rate) (0 when dropped), drawn in JS from our seeded PRNG. tf.dropout draws the same distribution
 * through tfjs's seeded uniforms, which cost about as much as the layer's product here (some 30 ns a number).
 */
export function dropoutMask(shape: [number, number], rate: number, seed: number): Tensor2D {
  const random = mulberry32(seed);
  const scale = 1 / (1 - rate);
  const mask = new Float32Array(shape[0] * shape[1]);
  for (let i = 0; i < mask.length; i++) mask[i] = random() < rate ? 0 : scale;
  return tf.tensor2d(mask, shape);
}

/**
 * The gradient of a product with the right factor W held fixed, dx = dy transpose(W) [B, in], by the cheaper of
 * two products of equal value. tfjs-backend-wasm runs a product through XNNPACK only without transposeA/B,
 * and first packs its right factor (about as long as the product itself at 64 x 256 x 256); so
 * dy transpose(W) packs an in x out matrix and transposes W, while transpose(W transpose(dy)) packs B x out
 * and transposes B x out and B x in matrices: cheaper when the batch is smaller than the layer.
 */
function inputGradient(dy: Tensor2D, W: Tensor2D): Tensor2D {
  const [inputs, outputs] = W.shape;
  const batch = dy.shape[0];
  if (batch * (2 * outputs + inputs) < 2 * inputs * outputs) return tf.transpose(tf.matMul(W, tf.transpose(dy))) as Tensor2D;
  return tf.matMul(dy, tf.transpose(W));
}

export class Mlp {
  readonly layers: Dense[] = [];
  constructor(
    readonly config: MlpConfig,
    seed: number,
    readonly name: string,
  ) {
    const sizes = [config.inputs, ...config.hidden, config.outputs];
    // Before any allocation: a wide `hidden` in options or a model file must not grow the process by gigabytes.
    checkNetworkMemory(`${name}.hidden`, sizes);
    const random = mulberry32(seed);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const w = new Float32Array(fanIn * fanOut);
      for (let t = 0; t < w.length; t++) w[t] = (2 * random() - 1) * limit;
      // The output layer starts at zero: g = 0 and tau = 0 = log E_q e^0, the exact log Z of the initial model.
      if (l + 2 === sizes.length) w.fill(0);
      // Unnamed: tfjs variable names are global, and a process may hold many models (one per fold). The
      // initial tensors are freed once the variables share their data (they were left over, 2 per layer).
      const W0 = tf.tensor2d(w, [fanIn, fanOut]);
      const b0 = tf.zeros([fanOut]);
      this.layers.push({ W: tf.variable(W0, true), b: tf.variable(b0, true) });
      W0.dispose();
      b0.dispose();
    }
  }

  /** [W_0, b_0, W_1, b_1, ...]: the order of backward's gradients. */
  get variables(): Variable[] {
    return this.layers.flatMap((d) => [d.W, d.b]);
  }

  /** x: [batch, inputs] -> [batch, outputs]. `dropoutSeed` set means training mode. */
  apply(x: Tensor2D, dropoutSeed?: number): Tensor2D {
    return this.forward(x, dropoutSeed).output;
  }

  /**
   * The output and what backward needs. Each layer is one fused product + bias (+ relu) kernel; no gradient
   * tape is recorded here (backward is written out), so call it outside tf.grad when training.
   */
  forward(x: Tensor2D, dropoutSeed?: number): { output: Tensor2D; trace: MlpTrace } {
    const trace: MlpTrace = { inputs: [], masks: [], preActivations: [] };
    const last = this.layers.length - 1;
    let h: Tensor2D = x;
    this.layers.forEach((d, l) => {
      trace.inputs.push(h);
      const product = { a: h, b: d.W as Tensor2D, bias: d.b };
      if (l === last) {
        h = tf.fused.matMul(product) as Tensor2D;
        return;
      }
      let pre: Tensor2D | null = null;
      if (this.config.activation === 'softplus') h = tf.softplus((pre = tf.fused.matMul(product) as Tensor2D)) as Tensor2D;
      else h = tf.fused.matMul({ ...product, activation: 'relu' }) as Tensor2D;
      const mask = dropoutSeed !== undefined && this.config.dropout > 0 ? dropoutMask(h.shape, this.config.dropout, dropoutSeed + l) : null;
      if (mask) h = tf.mul(h, mask) as Tensor2D;
      trace.masks.push(mask);
      trace.preActivations.push(pre);
    });
    return { output: h, trace };
  }

  /**
   * Gradients of a scalar loss with respect to the weights, [dW_0, db_0, dW_1, ...], from its gradient dOutput
   * [batch, outputs] and forward's trace: for layer l with input h and pre-activation z = h W + b,
   * dW = transpose(h) dz, db = sum_rows dz, and the layer below gets dz' = (dz transpose(W)) * mask * act'(z').
   * relu' is read off the layer's output (it is > 0 exactly where z > 0 and the unit was kept); softplus' is
   * sigmoid(z). The input's gradient is not formed (x is data; a tau of theta must not move the energy).
   */
  backward(trace: MlpTrace, dOutput: Tensor2D): Tensor[] {
    const grads: Tensor[] = [];
    let dz = dOutput;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const input = trace.inputs[l]!;
      grads[2 * l] = tf.matMul(tf.transpose(input), dz);
      grads[2 * l + 1] = tf.sum(dz, 0);
      if (l === 0) break;
      let dh = inputGradient(dz, this.layers[l]!.W as Tensor2D);
      const mask = trace.masks[l - 1];
      if (mask) dh = tf.mul(dh, mask) as Tensor2D;
      const pre = trace.preActivations[l - 1];
      dz = tf.mul(dh, pre ? tf.sigmoid(pre) : tf.step(input)) as Tensor2D;
    }
    return grads;
  }

  toJSON(): { config: MlpConfig; weights: { W: number[]; b: number[] }[] } {
    return { config: this.config, weights: this.layers.map((d) => ({ W: Array.from(d.W.dataSync()), b: Array.from(d.b.dataSync()) })) };
  }

  load(weights: { W: number[]; b: number[] }[]): void {
    if (weights.length !== this.layers.length) throw rangeError(`Expected ${this.layers.length} layers for ${this.name} but received ${weights.length}`);
    weights.forEach((w, l) => {
      const d = this.layers[l]!;
      if (w.W.length !== d.W.size || w.b.length !== d.b.size) throw rangeError(`Expected layer ${l} of ${this.name} to have ${d.W.size} + ${d.b.size} weights`);
      d.W.assign(tf.tensor(w.W, d.W.shape));
      d.b.assign(tf.tensor(w.b, d.b.shape));
    });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}

export interface EbmNetworkConfig {
  inputs: number;
  /** Head size m (the structure's feature size). */
  outputs: number;
  hidden: number[];
  dropout: number;
  /** Hidden widths of tau(x). */
  tauHidden: number[];
  /** tau reads x (default) or theta(x) (see TauInput). */
  tauInput?: TauInput;
}

/**
 * tau's network for `config`. A tau of theta has softplus units: log Z is smooth (and convex) in theta, where relu
 * units would fit it by pieces (sum_i softplus(theta_i) - k log 2, the unary log Z, is k units of this network,
 * not many kinks).
 */
function tauNetwork(config: EbmNetworkConfig, seed: number): Mlp {
  const ofTheta = config.tauInput === 'theta';
  return new Mlp({ inputs: ofTheta ? config.outputs : config.inputs, hidden: config.tauHidden, outputs: 1, dropout: 0, ...(ofTheta && { activation: 'softplus' as const }) }, seed, 'tau');
}

/** theta(x) = head(h(x)) and tau(x), trained jointly. */
export class EbmNetworks implements LearnedNetworks {
  readonly energy: Mlp;
  /** Not readonly: a tau refit replaces a tau of x by a tau of theta (useTauOfTheta), and the config with it. */
  tau: Mlp;
  constructor(
    public config: EbmNetworkConfig,
    seed: number,
  ) {
    this.energy = new Mlp({ inputs: config.inputs, hidden: config.hidden, outputs: config.outputs, dropout: config.dropout }, seed, 'energy');
    this.tau = tauNetwork(config, seed + 7919);
  }

  /**
   * Makes tau a tau of theta: a tau of x is replaced by a fresh one of theta (seeded by `seed`), a tau of theta is
   * kept. The tau refit (tauRefit.ts) fits a tau of theta whatever training used: log Z depends on x only through
   * theta, so a tau of theta fit on the training rows generalizes to new rows, where a tau of x must relearn the
   * energy network.
   */
  useTauOfTheta(seed: number): void {
    if (this.config.tauInput === 'theta') return;
    this.tau.dispose();
    this.config = { ...this.config, tauInput: 'theta' };
    this.tau = tauNetwork(this.config, seed);
  }

  theta(x: Tensor2D, dropoutSeed?: number): Tensor2D {
    return this.energy.apply(x, dropoutSeed);
  }

  /**
   * tau [batch]. With tauInput theta it reads `theta` (the step's head output, with its dropout mask) or, when
   * not given, theta(x); held as data either way: tau's loss moves tau's weights, never the energy's.
   */
  logPartition(x: Tensor2D, theta?: Tensor2D): Tensor1D {
    const input = this.config.tauInput === 'theta' ? stopGradient(theta ?? this.theta(x)) : x;
    return tf.reshape(this.tau.apply(input), [-1]) as Tensor1D;
  }

  dispose(): void {
    this.energy.dispose();
    this.tau.dispose();
  }
}

/** The networks of a model made by train or loadModel (the public type keeps them opaque). */
export function networksOf(model: LearnedModel): EbmNetworks {
  if (!(model.networks instanceof EbmNetworks)) throw invalidParameterError('model.networks', 'the networks of a model returned by train or loadModel', model.networks, 'type');
  return model.networks;
}
