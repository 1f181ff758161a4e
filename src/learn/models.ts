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

type DenseOp = (x: Tensor2D, W: Tensor, b: Tensor) => Tensor2D;
const denseOps: { hidden?: DenseOp; input?: DenseOp } = {};

/**
 * x W + b with its gradient written as plain matrix products on explicit transposes: dx = dy transpose(W),
 * dW = transpose(x) dy, db = sum_rows dy. tfjs's own matMul gradient asks for transposeA / transposeB
 * products, which tfjs-backend-wasm 4.22 runs outside XNNPACK, 3-8x slower than a transpose plus a plain
 * product here (h^T h at 64 x 256: 6.3 ms against 0.8 ms); they were most of an epoch. `firstLayer`: x is
 * the data, whose gradient nothing reads, so dx is zeros instead of a product. Built once tfjs is loaded.
 */
function dense(firstLayer: boolean): DenseOp {
  const key = firstLayer ? 'input' : 'hidden';
  denseOps[key] ??= tf.customGrad(((x: Tensor2D, W: Tensor2D, b: Tensor1D, save: (t: Tensor[]) => void) => {
    save([x, W]);
    return {
      value: tf.add(tf.matMul(x, W), b),
      gradFunc: (dy: Tensor2D, [xs, Ws]: Tensor2D[]) => [
        firstLayer ? tf.zerosLike(xs!) : tf.matMul(dy, tf.transpose(Ws!)),
        tf.matMul(tf.transpose(xs!), dy),
        tf.sum(dy, 0),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as DenseOp;
  return denseOps[key]!;
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

  get variables(): Variable[] {
    return this.layers.flatMap((d) => [d.W, d.b]);
  }

  /** x: [batch, inputs] -> [batch, outputs]. `dropoutSeed` set means training mode. */
  apply(x: Tensor2D, dropoutSeed?: number): Tensor2D {
    let h: Tensor2D = x;
    this.layers.forEach((d, l) => {
      h = dense(l === 0)(h, d.W, d.b);
      if (l + 1 < this.layers.length) {
        h = this.config.activation === 'softplus' ? tf.softplus(h) : tf.relu(h);
        if (dropoutSeed !== undefined && this.config.dropout > 0) h = tf.dropout(h, this.config.dropout, undefined, dropoutSeed + l) as Tensor2D;
      }
    });
    return h;
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
