/**
 * Losses for conditional EBMs p(y|x) = q(y) exp(g(x, y) - log Z(x)), g(x, y) = <theta(x), phi(y)>, all
 * averaged over the batch. Shapes: theta [B, m], tau [B], phiTarget [B, m], phiSamples [B, S, m].
 *
 * min-min (Sander et al., ICML 2025): log Z(x) is replaced by a network tau(x) and the loss is jointly
 * minimized in (g, tau); for a fixed g the minimizer in tau is the normalizer of the f-divergence:
 *   logistic   (KL):        tau + E_q exp(g - tau) - 1 - g(x, y)          argmin tau = log E_q e^g = log Z
 *   sparsemax  (chi^2-type): tau + E_q 0.5 [g - tau]_+^2 - g(x, y)       argmin tau: E_q [g - tau]_+ = 1
 * with E_q estimated by S prior samples y'_j ~ q per example, or (logistic, `proposal: 'mean-field'`) by S draws
 * y'_j ~ r(.|x), the mean field of the current energy, weighted by q(y'_j)/r(y'_j): importance sampling of
 * the same E_q. The objective is unchanged, E_x [tau(x) + E_q exp(g(x, y') - tau(x)) - 1 - g(x, y)], and so
 * are its minimizers (tau = log Z, then the likelihood in g); the weighted mean is unbiased for E_q exp(g - tau)
 * at every (theta, tau) because r is held fixed once drawn (r > 0 everywhere), so its gradient is unbiased
 * too. For unary energies r = p_theta and every weighted term equals Z(x) e^{-tau(x)}: the tau gradient
 * 1 - Z e^{-tau} is exact, and the g gradient becomes Z e^{-tau} mean_j phi(y'_j) - phi(y), y'_j ~ p_theta.
 * Baselines: exact MLE (log Z closed form for unary, enumeration otherwise), MCMC maximum likelihood
 * (negatives y'_j ~ p_theta from the native sampler: gradient E_p phi - phi(y)), and min-max (a sampler
 * p_psi maximizes E_p[g] - KL(p || q) <= log Z by score-function gradients with a mean baseline).
 */
import type { Scalar, Tensor, Tensor1D, Tensor2D, Tensor3D, Tensor4D } from '@tensorflow/tfjs';
import { tf } from './tf.ts';

import type { LossKind } from './types.ts';

// The loss names live in types.ts (free of tfjs, so the package entry exports them); re-exported for the CLI.
export type { LossKind } from './types.ts';

/** exp arguments are clamped here: float32 e^30 ~ 1e13 keeps a batch mean finite while g is still wild. */
export const MAX_EXPONENT = 30;

let stopGradientOp: ((x: Tensor) => Tensor) | undefined;

/** Identity whose gradient is zero (tfjs has no stop_gradient op); built on first use, once tfjs is loaded. */
export function stopGradient<T extends Tensor>(x: T): T {
  stopGradientOp ??= tf.customGrad(((x: Tensor) => ({ value: tf.clone(x), gradFunc: (dy: Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: Tensor) => Tensor;
  return stopGradientOp(x) as T;
}

/** g(x, y) for the targets: [B]. */
export function affinity(theta: Tensor2D, phi: Tensor2D): Tensor1D {
  return tf.sum(tf.mul(theta, phi), -1) as Tensor1D;
}

/**
 * g(x, y'_j) for S samples per example: [B, S], one batched contraction [B, S, m] x [B, m] for all samples of
 * the batch, and its gradient d theta_b = sum_j dg_bj phi_bj as the batched product [B, 1, S] x [B, S, m].
 * Both are plain products (a broadcast multiply and sum, and tfjs's matMul gradient, which transposes, cost
 * several times more on wasm). phi is data (prior or sampler draws), never differentiated: it is saved for the
 * gradient rather than taken as an input (an input would get a zero gradient [B, S, m] formed at every step);
 * saving keeps it alive for the backward pass even when it was made inside the taped function.
 */
export function sampleAffinities(theta: Tensor2D, phiSamples: Tensor3D): Tensor2D {
  const [B, S, m] = phiSamples.shape;
  const op = tf.customGrad(((t: Tensor2D, save: (t: Tensor[]) => void) => {
    save([phiSamples]);
    return {
      value: tf.reshape(tf.matMul(phiSamples, tf.expandDims(t, 2)), [B, S]),
      gradFunc: (dy: Tensor2D, [phi]: Tensor3D[]) => tf.reshape(tf.matMul(tf.expandDims(dy, 1), phi!), [B, m]),
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (theta: Tensor2D) => Tensor2D;
  return op(theta);
}

/**
 * mean_b [tau + mean_j w_j exp(g'_j - tau) - 1 - g], w_j = 1 for prior draws y'_j ~ q, or the importance
 * weight q(y'_j)/r(y'_j) (given as its log, held fixed) for draws y'_j ~ r. Either way the sample mean is an
 * unbiased estimate of E_q exp(g - tau) at every theta and tau, so the gradient, taken with the draws and
 * weights fixed, is an unbiased estimate of the gradient of the same objective.
 */
export function minminLogistic(g: Tensor1D, gSamples: Tensor2D, tau: Tensor1D, logWeight: Tensor2D | null = null): Scalar {
  const exponent = tf.sub(gSamples, tf.expandDims(tau, 1));
  const shifted = tf.minimum(logWeight ? tf.add(exponent, logWeight) : exponent, MAX_EXPONENT);
  const perExample = tf.sub(tf.add(tau, tf.mean(tf.exp(shifted), 1)), tf.add(g, 1));
  return tf.mean(perExample) as Scalar;
}

/** mean_b [tau + mean_j 0.5 [g'_j - tau]_+^2 - g]. */
export function minminSparsemax(g: Tensor1D, gSamples: Tensor2D, tau: Tensor1D): Scalar {
  const margin = tf.relu(tf.sub(gSamples, tf.expandDims(tau, 1)));
  const perExample = tf.sub(tf.add(tau, tf.mul(0.5, tf.mean(tf.square(margin), 1))), g);
  return tf.mean(perExample) as Scalar;
}

/** Unary sets: log E_q e^{u.y} = sum_i softplus(u_i) - k log 2. [B] */
export function unaryLogPartition(theta: Tensor2D): Tensor1D {
  const k = theta.shape[1];
  return tf.sub(tf.sum(tf.softplus(theta), -1), k * Math.LN2) as Tensor1D;
}

/** log E_q e^g over an enumerated state list phiAll [N, m] (q uniform over the N states). [B] */
export function enumeratedLogPartition(theta: Tensor2D, phiAll: Tensor2D): Tensor1D {
  const g = tf.matMul(theta, phiAll, false, true); // [B, N]
  return tf.sub(tf.logSumExp(g, 1), Math.log(phiAll.shape[0])) as Tensor1D;
}

/** mean_b [log Z(x) - g(x, y)]: the negative log-likelihood, up to the constant -log q(y). */
export function negativeLogLikelihood(logZ: Tensor1D, g: Tensor1D): Scalar {
  return tf.mean(tf.sub(logZ, g)) as Scalar;
}

/**
 * MCMC maximum likelihood surrogate: mean_b [mean_j g(y'_j) - g(y)] with y'_j ~ p_theta(.|x) held fixed; its
 * gradient is E_p[phi] - phi(y), the likelihood gradient with the intractable expectation sampled.
 */
export function contrastiveSurrogate(g: Tensor1D, gModelSamples: Tensor2D): Scalar {
  return tf.mean(tf.sub(tf.mean(gModelSamples, 1), g)) as Scalar;
}

/**
 * Min-max sampler objective (to minimize in psi): -mean_j (r_j - b) log p_psi(y'_j) with the reward
 * r_j = g(y'_j) - log p_psi(y'_j) + log q(y'_j) held fixed and b = mean_j r_j (the baseline). Its expectation's
 * gradient is -grad_psi (E_p[g] - KL(p || q)).
 * @param logq - log q(y'), constant for the uniform base measure
 */
export function scoreFunctionSurrogate(gSamples: Tensor2D, logp: Tensor2D, logq: number): Scalar {
  const reward = stopGradient(tf.add(tf.sub(gSamples, logp), logq));
  const advantage = tf.sub(reward, tf.mean(reward, 1, true));
  return tf.neg(tf.mean(tf.mul(advantage, logp))) as Scalar;
}

/** log p of independent Bernoulli(sigmoid(l)) samples y [B, S, k]: sum_i y_i l_i - softplus(l_i). [B, S] */
export function bernoulliLogProbability(logits: Tensor2D, y: Tensor3D): Tensor2D {
  const l = tf.expandDims(logits, 1);
  return tf.sum(tf.sub(tf.mul(y, l), tf.softplus(l)), -1) as Tensor2D;
}

/**
 * log p of Plackett-Luce samples with scores s [B, k]: log p(sigma) = sum_t [s_{o_t} - log sum_{r >= t} e^{s_{o_r}}],
 * where remainingMask [B, S, k, k] is 0 where label j is still unranked at step t (sigma_j >= t) and -1e9 else.
 */
export function plackettLuceLogProbability(scores: Tensor2D, remainingMask: Tensor4D): Tensor2D {
  const s = tf.expandDims(tf.expandDims(scores, 1), 1); // [B, 1, 1, k]
  const normalizers = tf.sum(tf.logSumExp(tf.add(s, remainingMask), -1), -1); // [B, S]
  return tf.sub(tf.expandDims(tf.sum(scores, -1), 1), normalizers) as Tensor2D;
}

/** One batch's tensors for `objective`: network outputs on the tape, samples as constants. */
export interface BatchTerms {
  theta: Tensor2D;
  tau: Tensor1D;
  phiTarget: Tensor2D;
  /** Prior draws y'_j ~ q [B, S, m], or proposal draws y'_j ~ r with logWeight. */
  phiPrior: Tensor3D;
  /** log q(y'_j) - log r(y'_j | x) [B, S] of proposal draws, else null (prior draws, weight 1). */
  logWeight: Tensor2D | null;
  /** Model draws (mcmc, minmax) [B, S, m], else null. */
  phiNegatives: Tensor3D | null;
  /** phi of every state [N, m] for exact MLE beyond unary, else null. */
  phiEnumerated: Tensor2D | null;
  /** minmax: log p_psi of the negatives [B, S] (computed on the tape) and log q. */
  sampler: { logProbability: () => Tensor2D; logq: number } | null;
}

/** The scalar minimized for `loss` on one batch. */
export function objective(loss: LossKind, t: BatchTerms): Scalar {
  const g = affinity(t.theta, t.phiTarget);
  const gPrior = sampleAffinities(t.theta, t.phiPrior);
  switch (loss) {
    case 'minmin-logistic':
      return minminLogistic(g, gPrior, t.tau, t.logWeight);
    case 'minmin-sparsemax':
      return minminSparsemax(g, gPrior, t.tau);
  }
  // The other losses fit tau beside, on the min-min logistic objective with g held fixed.
  const tauFit = minminLogistic(stopGradient(g), stopGradient(gPrior), t.tau, t.logWeight);
  let main: Scalar;
  if (loss === 'mle') {
    const logZ = t.phiEnumerated ? enumeratedLogPartition(t.theta, t.phiEnumerated) : unaryLogPartition(t.theta);
    main = negativeLogLikelihood(logZ, g);
  } else if (loss === 'mcmc') {
    main = contrastiveSurrogate(g, sampleAffinities(t.theta, t.phiNegatives!));
  } else {
    const gNeg = sampleAffinities(t.theta, t.phiNegatives!);
    const logp = t.sampler!.logProbability();
    main = tf.add(contrastiveSurrogate(g, gNeg), scoreFunctionSurrogate(gNeg, logp, t.sampler!.logq)) as Scalar;
  }
  return tf.add(main, tauFit) as Scalar;
}
