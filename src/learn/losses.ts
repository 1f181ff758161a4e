/**
 * Losses for conditional EBMs p(y|x) = q(y) exp(g(x, y) - log Z(x)), g(x, y) = <theta(x), phi(y)>, all
 * averaged over the batch. Shapes: theta [B, m], tau [B], phiTarget [B, m], phiSamples [B, S, m].
 *
 * min-min (Sander et al., ICML 2025): log Z(x) is replaced by a network tau(x) and the loss is jointly
 * minimized in (g, tau); for a fixed g the minimizer in tau is the normalizer of the f-divergence:
 *   logistic   (KL):        tau + E_q exp(g - tau) - 1 - g(x, y)          argmin tau = log E_q e^g = log Z
 *   sparsemax  (chi^2-type): tau + E_q 0.5 [g - tau]_+^2 - g(x, y)       argmin tau: E_q [g - tau]_+ = 1
 * with E_q estimated by S prior samples y'_j ~ q per example.
 * Baselines: exact MLE (log Z closed form for unary, enumeration otherwise), MCMC maximum likelihood
 * (negatives y'_j ~ p_theta from the native sampler: gradient E_p phi - phi(y)), and min-max (a sampler
 * p_psi maximizes E_p[g] - KL(p || q) <= log Z by score-function gradients with a mean baseline).
 */
import * as tf from '@tensorflow/tfjs';

export type LossKind = 'minmin-logistic' | 'minmin-sparsemax' | 'mle' | 'mcmc' | 'minmax';
export const LOSSES: readonly LossKind[] = ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc', 'minmax'];

/** exp arguments are clamped here: float32 e^30 ~ 1e13 keeps a batch mean finite while g is still wild. */
export const MAX_EXPONENT = 30;

/** Identity whose gradient is zero (tfjs has no stop_gradient op). */
export const stopGradient = tf.customGrad(((x: tf.Tensor) => ({ value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as <T extends tf.Tensor>(x: T) => T;

/** g(x, y) for the targets: [B]. */
export function affinity(theta: tf.Tensor2D, phi: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.mul(theta, phi), -1) as tf.Tensor1D;
}

/** g(x, y'_j) for S samples per example: [B, S]. */
export function sampleAffinities(theta: tf.Tensor2D, phiSamples: tf.Tensor3D): tf.Tensor2D {
  return tf.sum(tf.mul(tf.expandDims(theta, 1), phiSamples), -1) as tf.Tensor2D;
}

/** mean_b [tau + mean_j exp(g'_j - tau) - 1 - g]. */
export function minminLogistic(g: tf.Tensor1D, gSamples: tf.Tensor2D, tau: tf.Tensor1D): tf.Scalar {
  const shifted = tf.minimum(tf.sub(gSamples, tf.expandDims(tau, 1)), MAX_EXPONENT);
  const perExample = tf.sub(tf.add(tau, tf.mean(tf.exp(shifted), 1)), tf.add(g, 1));
  return tf.mean(perExample) as tf.Scalar;
}

/** mean_b [tau + mean_j 0.5 [g'_j - tau]_+^2 - g]. */
export function minminSparsemax(g: tf.Tensor1D, gSamples: tf.Tensor2D, tau: tf.Tensor1D): tf.Scalar {
  const margin = tf.relu(tf.sub(gSamples, tf.expandDims(tau, 1)));
  const perExample = tf.sub(tf.add(tau, tf.mul(0.5, tf.mean(tf.square(margin), 1))), g);
  return tf.mean(perExample) as tf.Scalar;
}

/** Unary sets: log E_q e^{u.y} = sum_i softplus(u_i) - k log 2. [B] */
export function unaryLogPartition(theta: tf.Tensor2D): tf.Tensor1D {
  const k = theta.shape[1];
  return tf.sub(tf.sum(tf.softplus(theta), -1), k * Math.LN2) as tf.Tensor1D;
}

/** log E_q e^g over an enumerated state list phiAll [N, m] (q uniform over the N states). [B] */
export function enumeratedLogPartition(theta: tf.Tensor2D, phiAll: tf.Tensor2D): tf.Tensor1D {
  const g = tf.matMul(theta, phiAll, false, true); // [B, N]
  return tf.sub(tf.logSumExp(g, 1), Math.log(phiAll.shape[0])) as tf.Tensor1D;
}

/** mean_b [log Z(x) - g(x, y)]: the negative log-likelihood, up to the constant -log q(y). */
export function negativeLogLikelihood(logZ: tf.Tensor1D, g: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.sub(logZ, g)) as tf.Scalar;
}

/**
 * MCMC maximum likelihood surrogate: mean_b [mean_j g(y'_j) - g(y)] with y'_j ~ p_theta(.|x) held fixed; its
 * gradient is E_p[phi] - phi(y), the likelihood gradient with the intractable expectation sampled.
 */
export function contrastiveSurrogate(g: tf.Tensor1D, gModelSamples: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sub(tf.mean(gModelSamples, 1), g)) as tf.Scalar;
}

/**
 * Min-max sampler objective (to minimize in psi): -mean_j (r_j - b) log p_psi(y'_j) with the reward
 * r_j = g(y'_j) - log p_psi(y'_j) + log q(y'_j) held fixed and b = mean_j r_j (the baseline). Its expectation's
 * gradient is -grad_psi (E_p[g] - KL(p || q)).
 * @param logq - log q(y'), constant for the uniform base measure
 */
export function scoreFunctionSurrogate(gSamples: tf.Tensor2D, logp: tf.Tensor2D, logq: number): tf.Scalar {
  const reward = stopGradient(tf.add(tf.sub(gSamples, logp), logq));
  const advantage = tf.sub(reward, tf.mean(reward, 1, true));
  return tf.neg(tf.mean(tf.mul(advantage, logp))) as tf.Scalar;
}

/** log p of independent Bernoulli(sigmoid(l)) samples y [B, S, k]: sum_i y_i l_i - softplus(l_i). [B, S] */
export function bernoulliLogProbability(logits: tf.Tensor2D, y: tf.Tensor3D): tf.Tensor2D {
  const l = tf.expandDims(logits, 1);
  return tf.sum(tf.sub(tf.mul(y, l), tf.softplus(l)), -1) as tf.Tensor2D;
}

/**
 * log p of Plackett-Luce samples with scores s [B, k]: log p(sigma) = sum_t [s_{o_t} - log sum_{r >= t} e^{s_{o_r}}],
 * where remainingMask [B, S, k, k] is 0 where label j is still unranked at step t (sigma_j >= t) and -1e9 else.
 */
export function plackettLuceLogProbability(scores: tf.Tensor2D, remainingMask: tf.Tensor4D): tf.Tensor2D {
  const s = tf.expandDims(tf.expandDims(scores, 1), 1); // [B, 1, 1, k]
  const normalizers = tf.sum(tf.logSumExp(tf.add(s, remainingMask), -1), -1); // [B, S]
  return tf.sub(tf.expandDims(tf.sum(scores, -1), 1), normalizers) as tf.Tensor2D;
}
