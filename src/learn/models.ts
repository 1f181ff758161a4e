/**
 * Networks: a backbone MLP h(x) with a linear head emitting the energy parameters theta(x) (size m of the
 * structure's feature map, see structures.ts), and the log-partition network tau(x), a separate MLP with a
 * scalar output. Weights are plain Float32Arrays initialized from our own seeded PRNG (Glorot uniform), so a
 * seed fixes the run, and they serialize to JSON arrays. The layers run forward and backward in the native core
 * (native/learn: register-blocked float32 products, one call per layer); only the losses of their outputs are
 * tfjs ops (losses.ts), whose gradients come back here as arrays.
 */
import type { LearnedModel, LearnedNetworks, MlpConfig, TauInput } from './types.ts';
import { addonChoice, native, type NativeActivation } from '../native.ts';
import { mulberry32 } from '../data/preprocess.ts';
import { invalidParameterError, rangeError, requireInteger } from '../errors.ts';
import { checkNetworkMemory } from '../resources/memory.ts';

/** Asserts hidden layer widths: an array of integers in [1, 65536] ([] is a linear model); returns it. */
export function requireWidths(name: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidParameterError(name, 'array of layer widths (integers in [1, 65536])', value, 'type');
  value.forEach((h, i) => requireInteger(`${name}[${i}]`, h, 1, 65536));
  return value as number[];
}

/** Layer l: W [inputs x outputs] row-major, b [outputs]; W and b keep their identity (Adam updates them in place). */
export interface Dense {
  readonly W: Float32Array;
  readonly b: Float32Array;
  readonly inputs: number;
  readonly outputs: number;
}

/**
 * What a training forward pass keeps for its backward pass: each layer's input (inputs[0] = x; inputs[l + 1]
 * is layer l's output after its activation and dropout), each hidden layer's dropout multiplier (0 or
 * 1/keep; null without dropout), and for softplus units each hidden layer's pre-activation.
 */
export interface MlpTrace {
  rows: number;
  inputs: Float32Array[];
  masks: (Float32Array | null)[];
  preActivations: (Float32Array | null)[];
}

/**
 * Fills `mask` (a hidden layer's [batch x width], row-major) with the dropout multiplier: each unit kept with
 * probability 1 - rate, scaled by 1/(1 - rate) (0 when dropped), a pure function of (seed, unit) drawn in the
 * native core (native/learn/dropout.hpp); returns it.
 */
export function dropoutMask(mask: Float32Array, rate: number, seed: number): Float32Array {
  native().dropoutMaskSync({ mask, rate, seed });
  return mask;
}

/**
 * The buffers of a forward and backward pass at one batch size, kept between steps (a step allocates none):
 * each layer's output, the hidden layers' masks and softplus pre-activations, and the gradient of each hidden
 * layer's pre-activation.
 */
interface Workspace {
  outputs: Float32Array[];
  masks: (Float32Array | null)[];
  pre: (Float32Array | null)[];
  dz: Float32Array[];
}

/**
 * The loaded addon has the networks' kernels (learn_kernels.cc): a source build from before them would fail
 * at the first layer with "denseForwardSync is not a function".
 */
function requireLearnKernels(): void {
  if (typeof native().denseForwardSync === 'function') return;
  throw new Error(`The native addon ${addonChoice().path} predates the learned networks' kernels (denseForwardSync); rebuild it: npm run build:native`);
}

/** Batch sizes whose buffers a network keeps (a training run uses two: the batch and the epoch's last one). */
const KEPT_WORKSPACES = 4;

export class Mlp {
  readonly layers: Dense[] = [];
  /** [dW_0, db_0, dW_1, ...], rewritten by each backward pass. */
  private readonly gradients: Float32Array[] = [];
  /** Scratch for the transpose of the widest W (the input gradient's right factor). */
  private readonly transposed: Float32Array;
  private readonly workspaces = new Map<number, Workspace>();
  private readonly activation: NativeActivation;
  constructor(
    readonly config: MlpConfig,
    seed: number,
    readonly name: string,
  ) {
    const sizes = [config.inputs, ...config.hidden, config.outputs];
    // Before any allocation: a wide `hidden` in options or a model file must not grow the process by gigabytes.
    checkNetworkMemory(`${name}.hidden`, sizes);
    requireLearnKernels();
    this.activation = config.activation === 'softplus' ? 'softplus' : 'relu';
    const random = mulberry32(seed);
    let widest = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const inputs = sizes[l]!;
      const outputs = sizes[l + 1]!;
      const limit = Math.sqrt(6 / (inputs + outputs));
      const W = new Float32Array(inputs * outputs);
      for (let t = 0; t < W.length; t++) W[t] = (2 * random() - 1) * limit;
      // The output layer starts at zero: g = 0 and tau = 0 = log E_q e^0, the exact log Z of the initial model.
      if (l + 2 === sizes.length) W.fill(0);
      this.layers.push({ W, b: new Float32Array(outputs), inputs, outputs });
      this.gradients.push(new Float32Array(W.length), new Float32Array(outputs));
      if (l > 0) widest = Math.max(widest, W.length);
    }
    this.transposed = new Float32Array(widest);
  }

  /** [W_0, b_0, W_1, b_1, ...]: the order of backward's gradients. The arrays themselves: writes change the network. */
  get parameters(): Float32Array[] {
    return this.layers.flatMap((d) => [d.W, d.b]);
  }

  /** Inference: x [rows x inputs] -> a new [rows x outputs] (no dropout, nothing kept). */
  apply(x: Float32Array, rows: number): Float32Array {
    let h = x;
    this.layers.forEach((d, l) => {
      const out = new Float32Array(rows * d.outputs);
      const hidden = l + 1 < this.layers.length;
      const activation = hidden ? this.activation : 'identity';
      const pre = activation === 'softplus' ? new Float32Array(out.length) : null;
      native().denseForwardSync({ rows, inputs: d.inputs, outputs: d.outputs, x: h, W: d.W, b: d.b, activation, pre, out });
      h = out;
    });
    return h;
  }

  private workspace(rows: number): Workspace {
    let w = this.workspaces.get(rows);
    if (w) return w;
    if (this.workspaces.size >= KEPT_WORKSPACES) this.workspaces.clear();
    const hidden = this.layers.slice(0, -1);
    w = {
      outputs: this.layers.map((d) => new Float32Array(rows * d.outputs)),
      masks: hidden.map((d) => (this.config.dropout > 0 ? new Float32Array(rows * d.outputs) : null)),
      pre: hidden.map((d) => (this.activation === 'softplus' ? new Float32Array(rows * d.outputs) : null)),
      dz: hidden.map((d) => new Float32Array(rows * d.outputs)),
    };
    this.workspaces.set(rows, w);
    return w;
  }

  /**
   * Training forward pass: the output [rows x outputs] and what backward needs. `dropoutSeed` set means
   * dropout on the hidden layers. Output and trace are this network's buffers for `rows`: valid until its next
   * forward pass at the same batch size (copy what must outlive it).
   */
  forward(x: Float32Array, rows: number, dropoutSeed?: number): { output: Float32Array; trace: MlpTrace } {
    const w = this.workspace(rows);
    const trace: MlpTrace = { rows, inputs: [], masks: [], preActivations: [] };
    const last = this.layers.length - 1;
    let h = x;
    this.layers.forEach((d, l) => {
      trace.inputs.push(h);
      const out = w.outputs[l]!;
      const shape = { rows, inputs: d.inputs, outputs: d.outputs, x: h, W: d.W, b: d.b, out };
      if (l === last) {
        native().denseForwardSync(shape);
      } else {
        const mask = dropoutSeed !== undefined && this.config.dropout > 0 ? dropoutMask(w.masks[l]!, this.config.dropout, dropoutSeed + l) : null;
        const pre = w.pre[l]!;
        native().denseForwardSync({ ...shape, activation: this.activation, mask, pre });
        trace.masks.push(mask);
        trace.preActivations.push(pre);
      }
      h = out;
    });
    return { output: h, trace };
  }

  /**
   * Gradients of a scalar loss with respect to the weights, [dW_0, db_0, dW_1, ...] (this network's buffers,
   * valid until its next backward pass), from its gradient dOutput [rows x outputs] and forward's trace: for
   * layer l with input h and pre-activation z = h W + b, dW = transpose(h) dz, db = sum_rows dz, and the layer
   * below gets dz' = (dz transpose(W)) * mask * act'(z') (native/learn/dense.hpp). The input's gradient is not
   * formed (x is data; a tau of theta must not move the energy).
   */
  backward(trace: MlpTrace, dOutput: Float32Array): Float32Array[] {
    const { rows } = trace;
    const w = this.workspace(rows);
    let dz = dOutput;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const d = this.layers[l]!;
      const shape = { rows, inputs: d.inputs, outputs: d.outputs, x: trace.inputs[l]!, dz, W: d.W, dW: this.gradients[2 * l]!, db: this.gradients[2 * l + 1]! };
      if (l === 0) {
        native().denseBackwardSync(shape);
        break;
      }
      const dx = w.dz[l - 1]!;
      native().denseBackwardSync({ ...shape, dx, WT: this.transposed.subarray(0, d.W.length), below: this.activation, mask: trace.masks[l - 1], pre: trace.preActivations[l - 1] });
      dz = dx;
    }
    return this.gradients;
  }

  toJSON(): { config: MlpConfig; weights: { W: number[]; b: number[] }[] } {
    return { config: this.config, weights: this.layers.map((d) => ({ W: Array.from(d.W), b: Array.from(d.b) })) };
  }

  load(weights: { W: number[]; b: number[] }[]): void {
    if (weights.length !== this.layers.length) throw rangeError(`Expected ${this.layers.length} layers for ${this.name} but received ${weights.length}`);
    weights.forEach((w, l) => {
      const d = this.layers[l]!;
      if (w.W.length !== d.W.length || w.b.length !== d.b.length) throw rangeError(`Expected layer ${l} of ${this.name} to have ${d.W.length} + ${d.b.length} weights`);
    });
    weights.forEach((w, l) => {
      this.layers[l]!.W.set(w.W);
      this.layers[l]!.b.set(w.b);
    });
  }

  /** Drops the batch buffers (the weights are garbage-collected arrays). */
  dispose(): void {
    this.workspaces.clear();
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

  /** theta(x) [rows x m] for standardized rows x [rows x d] (inference: no dropout). */
  theta(x: Float32Array, rows: number): Float32Array {
    return this.energy.apply(x, rows);
  }

  /**
   * tau [rows]. With tauInput theta it reads `theta` (the rows' head outputs) or, when not given, theta(x);
   * held as data either way: tau's loss moves tau's weights, never the energy's.
   */
  logPartition(x: Float32Array, rows: number, theta?: Float32Array): Float32Array {
    return this.tau.apply(this.config.tauInput === 'theta' ? (theta ?? this.theta(x, rows)) : x, rows);
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
