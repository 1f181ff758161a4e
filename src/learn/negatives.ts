/**
 * Negative samples for the losses, drawn outside the gradient tape (they depend on the current parameters
 * but are not differentiated through) and handed over as phi rows [B, S, m]:
 *   prior     y'_j ~ q, the uniform base measure (min-min's E_q, and every other loss's tau fit)
 *   proposal  y'_j ~ r(.|x), the mean field of the current set energy, with log weights log q/r (the same E_q
 *             by importance sampling, `proposal: 'mean-field'`)
 *   chains    y'_j ~ p_theta from the native sampler, S chains per example, persistent across steps (PCD)
 *   min-max   y'_j ~ p_psi, a sampler network (Bernoulli per label for sets, Plackett-Luce for rankings)
 */
import type { Tensor2D } from '@tensorflow/tfjs';
import { tf } from './tf.ts';
import { Mlp, type MlpTrace } from './models.ts';
import * as L from './losses.ts';
import { softplus, type Structure } from './structures.ts';
import type { ResolvedOptions } from './types.ts';
import { permutationEnergy, setEnergy } from './headEnergy.ts';
import { logFactorial } from '../energies/permModel.ts';
import { sampleSync } from '../sample/sample.ts';
import { writeRanks } from '../solve/rank.ts';
import { rangeError } from '../errors.ts';

/** Writes the s-th draw for example b into out[offset .. offset + k). */
type Draw = (b: number, s: number, out: Int32Array, offset: number) => void;

/** phi of S draws per example, as [B, S, m] (one reused buffer of S states). */
export class SamplePhi {
  private readonly states: Int32Array;
  constructor(
    private readonly structure: Structure,
    readonly S: number,
  ) {
    this.states = new Int32Array(S * structure.k);
  }

  /** phi of `draw`'s S draws for each of B examples; the states themselves go to keepStates when given. */
  phi(B: number, draw: Draw, keepStates?: Int32Array): Float32Array {
    const { k, m } = this.structure;
    const S = this.S;
    const phi = new Float32Array(B * S * m);
    for (let b = 0; b < B; b++) {
      for (let s = 0; s < S; s++) draw(b, s, this.states, s * k);
      for (let s = 0; s < S; s++) this.structure.features(this.states, s * k, phi, (b * S + s) * m);
      keepStates?.set(this.states, b * S * k);
    }
    return phi;
  }

  /** S prior draws per example (y'_j ~ q). */
  prior(B: number, random: () => number): Float32Array {
    return this.phi(B, (_b, _s, out, offset) => this.structure.samplePrior(random, out, offset));
  }
}

/** One batch of importance-sampled draws: phi [B, S, m] and log q(y'_j) - log r(y'_j | x) [B, S]. */
export interface ProposalDraws {
  phi: Float32Array;
  logWeight: Float32Array;
}

/**
 * Importance proposal for E_q exp(g(x, y') - tau): r(y|x) = prod_i Bernoulli(y_i; sigmoid(l_i)), l the naive
 * mean field of the set energy g = <theta, phi>. Unary: l = u, so r is the model p_theta(y|x) itself and each
 * weighted term exp(g(y') - tau) q(y')/r(y') equals Z(x) e^{-tau}, whatever y' was drawn (zero variance).
 * Pairwise g = u.y + sum_{i<j} U_ij y_i y_j: l_i = u_i + sum_{j != i} U_ij mu_j at a fixed point of
 * mu = sigmoid(l), found by coordinate sweeps; r > 0 on every state, so the weights stay unbiased however far
 * the mean field is from p_theta. Drawn outside the tape from theta of the step's batch (the same dropout
 * mask) and held fixed in the loss: only its samples and weights enter it.
 */
export class MeanFieldProposal {
  private readonly logits: Float64Array;
  private readonly mu: Float64Array;
  constructor(
    private readonly structure: Structure,
    private readonly samples: SamplePhi,
  ) {
    if (structure.space !== 'set') throw rangeError(`Expected a set model (unary or pairwise) for proposal mean-field but received ${structure.kind}`);
    this.logits = new Float64Array(structure.k);
    this.mu = new Float64Array(structure.k);
  }

  /** Mean-field logits l of one example's head output t (length m) into this.logits. */
  private meanField(t: Float32Array): Float64Array {
    const { k } = this.structure;
    const l = this.logits;
    for (let i = 0; i < k; i++) l[i] = t[i]!;
    if (this.structure.m === k) return l;
    const mu = this.mu;
    for (let i = 0; i < k; i++) mu[i] = sigmoid(l[i]!);
    // U_ij sits at k + (index of the pair (i, j), i < j, in row-major order), as structures.ts writes phi.
    const pair = (i: number, j: number) => k + i * k - (i * (i + 1)) / 2 + (j - i - 1);
    for (let sweep = 0; sweep < MEAN_FIELD_SWEEPS; sweep++) {
      let change = 0;
      for (let i = 0; i < k; i++) {
        let v = t[i]!;
        for (let j = 0; j < k; j++) if (j !== i) v += t[i < j ? pair(i, j) : pair(j, i)]! * mu[j]!;
        const next = sigmoid(v);
        change = Math.max(change, Math.abs(next - mu[i]!));
        mu[i] = next;
        l[i] = v;
      }
      if (change < 1e-6) break;
    }
    return l;
  }

  /** S draws per example for head outputs theta [B * m] of a batch, with their log weights. */
  draw(theta: Float32Array, B: number, random: () => number): ProposalDraws {
    const { k, m } = this.structure;
    const S = this.samples.S;
    const logWeight = new Float32Array(B * S);
    const p = new Float64Array(k);
    let logNormalizer = 0;
    let current = -1;
    const draw: Draw = (b, s, out, offset) => {
      if (b !== current) {
        // log q(y) - log r(y) = sum_i softplus(l_i) - k log 2 - l.y
        const l = this.meanField(theta.subarray(b * m, (b + 1) * m));
        logNormalizer = -k * Math.LN2;
        for (let i = 0; i < k; i++) {
          p[i] = sigmoid(l[i]!);
          logNormalizer += softplus(l[i]!);
        }
        current = b;
      }
      let lw = logNormalizer;
      for (let i = 0; i < k; i++) {
        const y = random() < p[i]! ? 1 : 0;
        out[offset + i] = y;
        if (y) lw -= this.logits[i]!;
      }
      logWeight[b * S + s] = lw;
    };
    return { phi: this.samples.phi(B, draw), logWeight };
  }
}

/** Coordinate sweeps of the pairwise mean field (it stops sooner once no mu_i moves by 1e-6). */
const MEAN_FIELD_SWEEPS = 50;

function sigmoid(v: number): number {
  return v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
}

/**
 * MCMC negatives from the native sampler on the linear energy of theta(x): S chains per example. Persistent
 * (PCD): each training row keeps its S chain states (0/1 rows for sets, sigma rows for permutations) and
 * continues them `pcdSweeps` sweeps per step after a `mcmcSweeps` start; otherwise chains restart every step.
 */
export class MarkovChains {
  private readonly states: Uint8Array | Int32Array | null;
  private readonly started: Uint8Array | null;
  constructor(
    private readonly structure: Structure,
    private readonly o: Pick<ResolvedOptions, 'samples' | 'seed' | 'mcmcSweeps' | 'pcdSweeps' | 'persistent'>,
    rows: number,
  ) {
    const size = rows * o.samples * structure.k;
    this.states = o.persistent ? (structure.space === 'set' ? new Uint8Array(size) : new Int32Array(size)) : null;
    this.started = o.persistent ? new Uint8Array(rows) : null;
  }

  /** phi [B, S, m] of one sample per chain for rows rowsIdx[from .. from + B), theta [B * m] their head outputs. */
  phi(theta: Float32Array, rowsIdx: Int32Array, from: number, B: number, step: number): Float32Array {
    const { k, m } = this.structure;
    const S = this.o.samples;
    const phi = new Float32Array(B * S * m);
    for (let b = 0; b < B; b++) {
      const t = theta.subarray(b * m, (b + 1) * m);
      const seed = (this.o.seed * 1_000_003 + step * 4099 + b) % 2 ** 31;
      // One sample per chain: S chains, burn-in, then one kept sweep (so a persistent chain moves pcdSweeps).
      let sampling: { samples: number; chains: number; burnIn: number; thin: number; seed: number; initial?: Uint8Array | Int32Array } = { samples: S, chains: S, burnIn: this.o.mcmcSweeps, thin: 1, seed };
      let own: Uint8Array | Int32Array | null = null;
      if (this.states) {
        const row = rowsIdx[from + b]!;
        own = this.states.subarray(row * S * k, (row + 1) * S * k);
        if (this.started![row] === 1) sampling = { ...sampling, burnIn: this.o.pcdSweeps - 1, initial: own };
        this.started![row] = 1;
      }
      const states = sampleSync(this.structure.space === 'permutation' ? permutationEnergy(this.structure, t) : setEnergy(this.structure, t), sampling).samples;
      own?.set(states);
      for (let s = 0; s < S; s++) this.structure.features(states, s * k, phi, (b * S + s) * m);
    }
    return phi;
  }
}

/**
 * One batch of min-max negatives: their phi, the sampler's logits psi(x) they were drawn from with the forward
 * trace its backward pass reads, log p_psi of the draws as a function of the logits (on the loss's tape), and
 * log q.
 */
export interface SamplerDraws {
  phi: Float32Array;
  logits: Tensor2D;
  trace: MlpTrace;
  logProbability(logits: Tensor2D): Tensor2D;
  logq: number;
}

/**
 * Min-max: a sampler network psi(x) emitting k scores, Bernoulli logits per label for sets and Plackett-Luce
 * scores for rankings (drawn by Gumbel-max), trained by score-function gradients against the log of the
 * uniform base measure q.
 */
export class MinMaxSampler {
  readonly network: Mlp;
  /** log q(y) of the uniform base measure: -k log 2 for sets, -log k! for rankings. */
  readonly logq: number;
  constructor(
    private readonly structure: Structure,
    private readonly samples: SamplePhi,
    o: Pick<ResolvedOptions, 'hidden' | 'seed'>,
    d: number,
  ) {
    this.network = new Mlp({ inputs: d, hidden: o.hidden, outputs: structure.k, dropout: 0 }, o.seed + 104729, 'sampler');
    this.logq = structure.space === 'set' ? -structure.k * Math.LN2 : -logFactorial(structure.k);
  }

  /** S draws per example for the standardized rows x [B * d] of a batch (its tensors belong to the caller's tidy). */
  draw(x: Float32Array, B: number, random: () => number): SamplerDraws {
    const { k, space } = this.structure;
    const S = this.samples.S;
    const logq = this.logq;
    const { output: logits, trace } = this.network.forward(x, B);
    // The loss tapes the logits as a tensor (a copy: the cpu backend keeps the array, and this one is the network's).
    const output = tf.tensor2d(logits.slice(), [B, k]);
    const states = new Int32Array(B * S * k);
    const draw: Draw = (b, _s, out, offset) => {
      const l = logits.subarray(b * k, (b + 1) * k);
      if (space === 'set') {
        for (let i = 0; i < k; i++) out[offset + i] = random() < 1 / (1 + Math.exp(-l[i]!)) ? 1 : 0;
      } else {
        // Gumbel-max: sorting scores + Gumbel noise draws a Plackett-Luce ranking.
        writeRanks(Array.from(l, (v) => v - Math.log(-Math.log(random() + 1e-12) + 1e-12)), out, offset);
      }
    };
    const phi = this.samples.phi(B, draw, states);
    if (space === 'set') return { phi, logits: output, trace, logq, logProbability: (l) => L.bernoulliLogProbability(l, tf.tensor3d(Float32Array.from(states), [B, S, k])) };
    // Plackett-Luce: at stage p only the labels ranked p or later remain (mask 0), the others get -1e9.
    const mask = new Float32Array(B * S * k * k);
    for (let t = 0; t < B * S; t++) for (let p = 0; p < k; p++) for (let j = 0; j < k; j++) mask[(t * k + p) * k + j] = states[t * k + j]! >= p ? 0 : -1e9;
    return { phi, logits: output, trace, logq, logProbability: (l) => L.plackettLuceLogProbability(l, tf.tensor4d(mask, [B, S, k, k])) };
  }

  get parameters(): Float32Array[] {
    return this.network.parameters;
  }

  dispose(): void {
    this.network.dispose();
  }
}
