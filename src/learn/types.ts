/**
 * Public types (and the LOSSES list) of the learning API, free of TensorFlow.js: the declarations reachable
 * from the package entry never import @tensorflow/*, so a TypeScript consumer that only solves or samples
 * type-checks without it installed. The networks are opaque here (models.ts holds the tfjs-typed classes).
 */
import type { Structure, StructureKind } from './structures.ts';
import type { Standardizer } from '../data/preprocess.ts';

export type LossKind = 'minmin-logistic' | 'minmin-sparsemax' | 'mle' | 'mcmc' | 'minmax';
export const LOSSES: readonly LossKind[] = ['minmin-logistic', 'minmin-sparsemax', 'mle', 'mcmc', 'minmax'];

/**
 * Where the samples of the log-partition term E_q exp(g - tau) come from: `prior`, y' ~ q (the paper's
 * min-min); `mean-field`, y' ~ r(y|x), the mean field of the current set energy, importance-weighted by
 * q(y')/r(y') (same objective, unbiased, far lower variance; exact for unary energies). See losses.ts.
 */
export type ProposalKind = 'prior' | 'mean-field';
export const PROPOSALS: readonly ProposalKind[] = ['prior', 'mean-field'];

/**
 * What tau reads: `x`, the features (the paper's tau(x)), or `theta`, the head output theta(x) of the energy it
 * normalizes (a copy with no gradient into the energy): log Z is a function of theta alone, the same on every
 * row, so a tau of theta generalizes to new rows where a tau of x has to relearn the energy network.
 */
export type TauInput = 'x' | 'theta';
export const TAU_INPUTS: readonly TauInput[] = ['x', 'theta'];

/** The trained networks, opaque: only train/predict/saveModel/checkLogPartition look inside. */
export interface LearnedNetworks {
  /** Releases the networks' buffers (the weights are plain arrays, garbage-collected; kept for callers that free models). */
  dispose(): void;
}

export interface MlpConfig {
  /** Input size. */
  inputs: number;
  /** Hidden layer widths (depth = length; [] gives a linear model). */
  hidden: number[];
  outputs: number;
  /** Dropout rate on hidden activations while training. */
  dropout: number;
  /** Hidden units: relu (default) or softplus (a tau of theta: log Z is smooth in theta, relu is piecewise linear). */
  activation?: 'relu' | 'softplus';
}

/** Rows of features and structured targets (0/1 per label for sets, rank vectors for rankings). */
export interface LearnData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  rows: number;
  d: number;
  k: number;
}

export interface TrainOptions {
  model: StructureKind;
  loss?: LossKind;
  epochs?: number;
  /** Minibatch size. */
  batch?: number;
  /** Prior (or model) samples per example. */
  samples?: number;
  /**
   * Sampling distribution of the log-partition term (min-min logistic, and the tau fit of mle, mcmc and
   * minmax): `prior` (default) or `mean-field` (set models only; not min-min sparsemax).
   */
  proposal?: ProposalKind;
  lr?: number;
  /** Hidden widths of the backbone (and of tau unless tauHidden). */
  hidden?: number[];
  tauHidden?: number[];
  /** What tau(x) reads: `x` (default) or `theta`, the energy's head output (see TauInput). */
  tauInput?: TauInput;
  /**
   * Epochs of tau alone after training, the energy frozen at the kept epoch (tauRefit.ts); default 0. The
   * predictions are unchanged; tau converges to the log Z of the energy that is kept. `lr` does not
   * apply: the refit's Adam starts at 0.01 and decays to 0.
   */
  tauEpochs?: number;
  dropout?: number;
  seed?: number;
  /** Fraction of the training rows held out for choosing the epoch (0: keep the last epoch). */
  validation?: number;
  /** MCMC baseline: Gibbs sweeps before the negatives of a fresh chain (its first step, or every step without PCD). */
  mcmcSweeps?: number;
  /**
   * MCMC baseline: persistent chains (PCD). Each training example keeps its S chain states (sets or
   * permutations) between steps; a revisit continues them for `pcdSweeps` sweeps instead of burning in fresh
   * chains for `mcmcSweeps`. Default true.
   */
  persistent?: boolean;
  /** Sweeps per step of a persistent chain (default 1). */
  pcdSweeps?: number;
  /** Early stopping: stop after this many epochs without a better validation score (0: run every epoch). */
  patience?: number;
  /**
   * Warm start: a trained unary model on the same labels and features with the same hidden widths. Its
   * backbone, its unary head (the first k outputs) and tau are copied; the pairwise outputs start at zero, so
   * training starts from the unary solution (used to stabilize pairwise min-min).
   */
  warmStart?: LearnedModel;
  onEpoch?: (p: EpochReport) => void;
}

export interface EpochReport {
  epoch: number;
  epochs: number;
  loss: number;
  /** Example-based F1 (sets) or Kendall tau (rankings) on the validation rows; NaN without validation. */
  validation: number;
  seconds: number;
}

export interface LearnedModel {
  structure: Structure;
  /** theta(x) and tau(x); `dispose()` releases their buffers. */
  networks: LearnedNetworks;
  standardizer: Standardizer;
  d: number;
  loss: LossKind;
  options: ResolvedOptions;
}

export type ResolvedOptions = Required<Omit<TrainOptions, 'onEpoch' | 'warmStart'>>;

export interface TrainResult {
  model: LearnedModel;
  backend: string;
  seconds: number;
  bestEpoch: number;
  /** Validation score of the kept epoch (NaN without validation). */
  bestValidation: number;
  history: EpochReport[];
}
