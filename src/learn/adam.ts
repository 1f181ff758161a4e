/**
 * Adam (Kingma and Ba), tfjs's update:
 *
 *   m = beta1 m + (1 - beta1) g,   v = beta2 v + (1 - beta2) g^2,
 *   w = w - lr (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 *
 * with tfjs's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7, the float32 backends' epsilon), moments kept in
 * float32 as tfjs keeps them, over the networks' Float32Arrays in place: one native pass per array
 * (native/learn/adam.hpp; a JS loop over the same formula cost 7-13 ns a parameter, some 15% of a step).
 */
import { native } from '../native.ts';

/** tfjs's backend epsilon for float32 (tf.backend().epsilon() on the cpu and wasm backends). */
export const ADAM_EPSILON = 1e-7;

export class Adam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(
    /** The arrays updated in place (a network's `parameters`). */
    private readonly parameters: Float32Array[],
    /** Step size; may be changed between steps (a schedule). */
    public learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = ADAM_EPSILON,
  ) {
    this.m = parameters.map((w) => new Float32Array(w.length));
    this.v = parameters.map((w) => new Float32Array(w.length));
  }

  /** One update with grads[i] the gradient of parameters[i] (same lengths). */
  step(grads: Float32Array[]): void {
    this.t++;
    const { beta1, beta2, epsilon } = this;
    const stepSize = -this.learningRate / (1 - beta1 ** this.t);
    const secondCorrection = 1 / (1 - beta2 ** this.t);
    this.parameters.forEach((w, i) => native().adamSync({ w, g: grads[i]!, m: this.m[i]!, v: this.v[i]!, beta1, beta2, stepSize, secondCorrection, epsilon }));
  }
}

