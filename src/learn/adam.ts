/**
 * Adam (Kingma and Ba), tfjs's update written as one JS pass per variable:
 *
 *   m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2,
 *   w = w - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 *
 * with tfjs's defaults (beta1 0.9, beta2 0.999, epsilon the backend's, 1e-7 in float32), moments kept in
 * float32 as tfjs keeps them. tf.train.adam runs some 13 kernels per variable and step (about 160 for two
 * 3-layer networks, most of them tiny); on the wasm backend each costs more in dispatch than its arithmetic,
 * so reading each gradient once and writing each variable once is several times cheaper.
 */
import type { Tensor, Variable } from '@tensorflow/tfjs';
import { tf } from './tf.ts';

export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** Our copy of each variable's values, while the variable still holds them (no read-back). */
  private readonly written: ({ dataId: object; values: Float32Array } | null)[];
  private t = 0;
  private readonly epsilon: number;
  /**
   * The wasm backend copies an array into its heap when a tensor is made from it, so our copy can be updated
   * in place and sent again; the cpu backend (and tfjs-node, until first use) keeps the array itself, so there
   * each step writes a new one. A fresh 256 x 256 array per step cost about as much as the update loop (its
   * pages are touched for the first time).
   */
  private readonly uploadCopies: boolean;

  constructor(
    private readonly variables: Variable[],
    /** Step size; may be changed between steps (a schedule). */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
  ) {
    this.m = variables.map((w) => new Float32Array(w.size));
    this.v = variables.map((w) => new Float32Array(w.size));
    this.written = variables.map(() => null);
    this.epsilon = tf.backend().epsilon();
    this.uploadCopies = tf.getBackend() === 'wasm';
  }

  /** One update with grads[i] the gradient of variables[i] (same shapes). */
  step(grads: Tensor[]): void {
    this.t++;
    const { beta1, beta2, epsilon } = this;
    const stepSize = -this.learningRate / (1 - beta1 ** this.t);
    const secondCorrection = 1 / (1 - beta2 ** this.t);
    this.variables.forEach((w, i) => {
      const g = grads[i]!.dataSync() as Float32Array;
      // A variable assigned elsewhere (best-epoch restore, warm start) has new data: read it (a copy) then.
      const held = this.written[i];
      const values = held && held.dataId === w.dataId ? held.values : Float32Array.from(w.dataSync() as Float32Array);
      const next = this.uploadCopies ? values : new Float32Array(values.length);
      update(values, g, this.m[i]!, this.v[i]!, next, beta1, beta2, stepSize, secondCorrection, epsilon);
      const t = tf.tensor(next, w.shape);
      w.assign(t);
      t.dispose();
      this.written[i] = { dataId: w.dataId, values: next };
    });
  }
}

/** The element loop, a plain function of Float32Arrays (V8 compiles it once, for these array types only); next may be w. */
function update(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, next: Float32Array, beta1: number, beta2: number, stepSize: number, secondCorrection: number, epsilon: number): void {
  for (let j = 0; j < next.length; j++) {
    const gj = g[j]!;
    const mj = (m[j] = beta1 * m[j]! + (1 - beta1) * gj);
    const vj = (v[j] = beta2 * v[j]! + (1 - beta2) * gj * gj);
    next[j] = w[j]! + (stepSize * mj) / (Math.sqrt(vj * secondCorrection) + epsilon);
  }
}
