/**
 * Loads the native addon in one place and declares its whole surface (like node-llama-cpp's AddonTypes.ts).
 * Which binary (a source build or a prebuilt for this CPU) is decided by binding/load.ts.
 */
import { createRequire } from 'node:module';
import { chooseAddon, type AddonChoice } from './binding/load.ts';
import { nativeFailure } from './errors.ts';

/** What `ebm info --json` reports under `cuda` (native/addon/addon.cc). */
export interface CudaInfo {
  /** Whether this build has the CUDA backend (nvcc was found when the addon was compiled). */
  compiled: boolean;
  devices: { name: string; memoryMB: number; computeCapability: string }[];
  /** The kernels this build holds. */
  kernels: string[];
  /** Why no device is usable ("" when one is): the CUDA runtime's message, or that CUDA is not compiled. */
  status: string;
  /** The lanes from which 'auto' picks the GPU. */
  autoMinLanes: number;
}

/** The library's size limits, as the addon reports them (native/core/limits.hpp; read through src/limits.ts). */
export interface Limits {
  /** Items of a set model. */
  setItems: number;
  /** Items of a set model with dense couplings (n^2 doubles). */
  denseItems: number;
  /** Items of a permutation model (n x n doubles). */
  permItems: number;
  /** Free items that exact enumeration handles: sets (2^k states) and permutations (k! states). */
  exactSetFreeItems: number;
  exactPermItems: number;
  /** samples * n that sampling holds in memory: set bytes, permutation int32 slots. */
  setSampleEntries: number;
  permSampleEntries: number;
  /** Chains (PT ladders) of one job, replicas per chain, worker threads of the pool. */
  chains: number;
  replicas: number;
  workers: number;
}

/** Lane arithmetic: int8/int16/float32 for integer models whose fields fit exactly, float64 otherwise. */
export type LanePrecision = 'int8' | 'int16' | 'float32' | 'float64';

/** Set model in the addon's layout: CSR with both directions of each edge, or dense row-major. */
export interface NativeSetModel {
  n: number;
  unary: Float64Array;
  dense?: Float64Array;
  rowPtr?: Int32Array;
  col?: Int32Array;
  weight?: Float64Array;
  cardinality: number; // -1: none
  clamp?: Int8Array; // -1 free, 0/1 fixed
}

export interface NativeCommonOptions {
  seed?: number;
  timeLimit?: number; // seconds, 0 = none
  cancel?: Int32Array; // on a SharedArrayBuffer; nonzero = stop
  precision?: 'auto' | 'float64';
  /** Global id of the first chain (a worker's share of the chains). */
  chainBase?: number;
  /** Where the lanes run (src/device.ts); 'emulate' (tests): the GPU lanes' per-thread code on the host. */
  device?: 'cpu' | 'cuda' | 'emulate';
}

export interface NativeRunStats {
  stopped: 'done' | 'deadline' | 'aborted';
  rounds: number;
  seconds: number;
  ladder: Float64Array;
  rejection: Float64Array;
  barrier: number;
  roundTrips: number;
}

export interface NativeSampleResult extends NativeRunStats {
  samples: Uint8Array;
  produced: number;
  precision: LanePrecision;
}

export interface NativeMinimizeResult extends NativeRunStats {
  state: Uint8Array;
  energy: number;
  secondsToBest: number;
  /** Global id of the chain that found the best state, the round it did, and its energy before the descent. */
  chainOfBest: number;
  roundOfBest: number;
  samplerEnergy: number;
  precision: LanePrecision;
}

export interface NativeLogZResult extends NativeRunStats {
  logZ: number;
  stdError: number;
  /** Per chain: log Z_0 + that chain's stepping-stone estimate. */
  chainLogZ: Float64Array;
}

export interface NativeExactResult {
  logZ: number;
  marginals: Float64Array;
  probabilities?: Float64Array;
  minEnergy: number;
  argmin: Uint8Array;
  states: number;
}

export interface NativeProgress {
  seconds: number;
  best: number;
  rounds: number;
}

export interface NativeSampleOptions extends NativeCommonOptions {
  beta?: number;
  method?: 'gibbs' | 'pt';
  samples: number;
  chains?: number;
  replicas?: number;
  thin?: number;
  burnIn?: number;
  /** chains * n: starting state of each chain (all its replicas); sets only. */
  /** chains * n starting states: 0/1 rows (sets) or sigma rows (permutations). */
  initial?: Uint8Array | Int32Array;
}

export interface NativeMinimizeOptions extends NativeCommonOptions {
  method?: 'pt' | 'sa' | 'hybrid' | 'tabu';
  chains?: number;
  replicas?: number;
  betaMin?: number;
  betaMax?: number;
  maxRounds?: number;
  annealRounds?: number;
  targetEnergy?: number;
  polish?: boolean;
  adapt?: boolean;
  /** Shared Float64Array(3) the job writes (seconds, best energy, rounds) into about every 200 ms. */
  progress?: Float64Array;
}

export interface NativeLogZOptions extends NativeCommonOptions {
  beta?: number;
  chains?: number;
  replicas?: number;
  tuneRounds?: number;
  rounds?: number;
}

export interface CudaPlanInput {
  space?: 'set' | 'perm';
  n: number;
  nFree?: number;
  lanes: number;
  dense?: boolean;
  couplings?: number;
  cardinality?: boolean;
  realBytes?: number;
  linear?: boolean;
  qap?: boolean;
  symmetric?: boolean;
}

export interface CudaPlan {
  threads: number;
  blocks: number;
  shared: boolean;
  sharedBytes: number;
  deviceBytes: number;
  pinnedBytes: number;
  fits: boolean;
  autoDevice: boolean;
}

export interface NativeBinding {
  /** The size limits of native/core/limits.hpp (src/limits.ts reads them). */
  limits(): Limits;
  info(): { version: string; simd: string; arch: string; simdLanesDouble: number; simdLanesFloat: number; cuda: CudaInfo; cudaCompiled: boolean; cudaDevices: number };
  /** Test-only: the CUDA launch plan of a job (native/cuda/plan.hpp), for the given or default device caps. */
  cudaPlanSync(input: CudaPlanInput, caps?: { smCount?: number; sharedPerBlock?: number; maxThreadsPerBlock?: number; globalBytes?: number }): CudaPlan;
  philox(counter: Uint32Array, key: Uint32Array): Uint32Array;
  setSample(m: NativeSetModel, o: NativeSampleOptions, onProgress?: (p: NativeProgress) => void): Promise<NativeSampleResult>;
  setSampleSync(m: NativeSetModel, o: NativeSampleOptions): NativeSampleResult;
  setMinimize(m: NativeSetModel, o: NativeMinimizeOptions, onProgress?: (p: NativeProgress) => void): Promise<NativeMinimizeResult>;
  setMinimizeSync(m: NativeSetModel, o: NativeMinimizeOptions): NativeMinimizeResult;
  setLogZ(m: NativeSetModel, o: NativeLogZOptions, onProgress?: (p: NativeProgress) => void): Promise<NativeLogZResult>;
  setLogZSync(m: NativeSetModel, o: NativeLogZOptions): NativeLogZResult;
  setExact(m: NativeSetModel, o: NativeExactOptions): Promise<NativeExactResult>;
  setExactSync(m: NativeSetModel, o: NativeExactOptions): NativeExactResult;
  setCacheCheckSync(m: NativeSetModel, o: NativeCommonOptions & { lanes?: number; sweeps?: number; beta?: number }): { maxError: number; precision: string };
  setThroughputSync(
    m: NativeSetModel,
    o: NativeCommonOptions & { lanes?: number; sweeps?: number; beta?: number; reference?: boolean },
  ): { seconds: number; attempts: number; accepted?: number; precision: string };
}

let binding: NativeBinding | undefined;
let choice: AddonChoice | undefined;

/** The binary that `native()` loads (or loaded): its path, source build or prebuilt, and why. */
export function addonChoice(): AddonChoice {
  choice ??= chooseAddon();
  return choice;
}

/** The addon, loaded on first use. Throws one error naming what was tried and how to fix it. */
export function native(): NativeBinding {
  if (binding) return binding;
  binding = withMappedFailures(createRequire(import.meta.url)(addonChoice().path) as NativeBinding);
  return binding;
}

/** Every addon function with its failures (thrown or rejected) passed through nativeFailure (bad_alloc says memory). */
function withMappedFailures(raw: NativeBinding): NativeBinding {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(raw as unknown as Record<string, unknown>)) {
    if (typeof fn !== 'function') {
      out[name] = fn;
      continue;
    }
    out[name] = (...args: unknown[]): unknown => {
      try {
        const r: unknown = fn(...args);
        return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(nativeFailure(e))) : r;
      } catch (e) {
        throw nativeFailure(e);
      }
    };
  }
  return out as unknown as NativeBinding;
}

/** Whether this build has the CUDA backend and sees at least one device. */
export function hasCuda(): boolean {
  const i = native().info();
  return i.cudaCompiled && i.cudaDevices > 0;
}

// ---- permutations (perm_jobs.cc) ----------------------------------------------------------------------

/** Permutation model in the addon's layout: n x n row-major matrices; sigma[i] = slot of item i. */
export interface NativePermModel {
  n: number;
  linear?: Float64Array; // C (item, slot)
  flow?: Float64Array; // A (item, item); with distance, or neither
  distance?: Float64Array; // B (slot, slot)
  clamp?: Int32Array; // item -> slot, -1 free
}

export interface NativePermSampleResult extends NativeRunStats {
  samples: Int32Array;
  produced: number;
}

export interface NativePermMinimizeOptions extends Omit<NativeMinimizeOptions, 'method' | 'precision'> {
  method?: 'hybrid' | 'pt' | 'sa' | 'tabu';
}

export interface NativePermMinimizeResult extends NativeRunStats {
  state: Int32Array;
  energy: number;
  secondsToBest: number;
  /** As for sets: the best's chain, round and energy before the descent (workers merge on these). */
  chainOfBest: number;
  roundOfBest: number;
  samplerEnergy: number;
  tabuIterations: number;
}

export interface NativePermExactResult {
  logZ: number;
  /** n*n: P(sigma(i) = j). */
  marginals: Float64Array;
  /** n!, indexed by the lexicographic rank of sigma. */
  probabilities?: Float64Array;
  minEnergy: number;
  argmin: Int32Array;
  states: number;
}

/** Exact enumeration; stopped (cancel, timeLimit seconds) it rejects with an Error carrying `stopped`. */
export interface NativeExactOptions {
  beta?: number;
  probabilities?: boolean;
  timeLimit?: number;
  cancel?: Int32Array;
}

export interface NativeLapResult {
  cost: number;
  assignment: Int32Array;
  stopped: 'done' | 'deadline' | 'aborted';
  seconds: number;
}

// Declaration merging: these entries extend NativeBinding above.
export interface NativeBinding {
  permSample(m: NativePermModel, o: Omit<NativeSampleOptions, 'precision'>, onProgress?: (p: NativeProgress) => void): Promise<NativePermSampleResult>;
  permSampleSync(m: NativePermModel, o: Omit<NativeSampleOptions, 'precision'>): NativePermSampleResult;
  permMinimize(m: NativePermModel, o: NativePermMinimizeOptions, onProgress?: (p: NativeProgress) => void): Promise<NativePermMinimizeResult>;
  permMinimizeSync(m: NativePermModel, o: NativePermMinimizeOptions): NativePermMinimizeResult;
  permLogZ(m: NativePermModel, o: Omit<NativeLogZOptions, 'precision'>, onProgress?: (p: NativeProgress) => void): Promise<NativeLogZResult>;
  permLogZSync(m: NativePermModel, o: Omit<NativeLogZOptions, 'precision'>): NativeLogZResult;
  permExact(m: NativePermModel, o: NativeExactOptions): Promise<NativePermExactResult>;
  permExactSync(m: NativePermModel, o: NativeExactOptions): NativePermExactResult;
  /** Linear assignment; method 'hungarian' is the independent O(n^3) reference (tests, benchmarks). */
  lapSolve(p: { n: number; cost: Float64Array }, o?: { method?: 'jv' | 'hungarian'; timeLimit?: number; cancel?: Int32Array }): Promise<NativeLapResult>;
  lapSolveSync(p: { n: number; cost: Float64Array }, o?: { method?: 'jv' | 'hungarian'; timeLimit?: number; cancel?: Int32Array }): NativeLapResult;
  permCacheCheckSync(
    m: NativePermModel,
    o: NativeCommonOptions & { lanes?: number; sweeps?: number; beta?: number; tabuIterations?: number },
  ): { maxError: number; tabuError: number };
  permThroughputSync(m: NativePermModel, o: NativeCommonOptions & { lanes?: number; sweeps?: number; beta?: number }): { seconds: number; attempts: number };
}

// ---- learned networks (learn_kernels.cc) ----------------------------------------------------------------

export type NativeActivation = 'identity' | 'relu' | 'softplus';

/** A dense layer over a batch: x [rows * inputs], W [inputs * outputs], b [outputs], all row-major float32. */
export interface NativeDenseShape {
  rows: number;
  inputs: number;
  outputs: number;
}

// Declaration merging: these entries extend NativeBinding above. Each writes its outputs in place.
export interface NativeBinding {
  /** out = activation(x W + b) * mask; pre receives x W + b (required for softplus). */
  denseForwardSync(p: NativeDenseShape & { x: Float32Array; W: Float32Array; b: Float32Array; activation?: NativeActivation; mask?: Float32Array | null | undefined; pre?: Float32Array | null | undefined; out: Float32Array }): void;
  /**
   * dW = x^T dz, db = sum_rows dz; with dx (and the scratch WT, inputs * outputs), dx = (dz W^T) * mask * below'(.)
   * with the mask, activation and (softplus) pre-activation of the layer that produced x.
   */
  denseBackwardSync(
    p: NativeDenseShape & { x: Float32Array; dz: Float32Array; W: Float32Array; dW: Float32Array; db: Float32Array; dx?: Float32Array; WT?: Float32Array; below?: NativeActivation; mask?: Float32Array | null | undefined; pre?: Float32Array | null | undefined },
  ): void;
  /** mask[t] = 0 with probability rate, else 1 / (1 - rate): a pure function of (seed, t) (Philox). */
  dropoutMaskSync(p: { mask: Float32Array; rate: number; seed: number }): void;
  /** One Adam step of w in place (src/learn/adam.ts states the formula). */
  adamSync(p: { w: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array; beta1: number; beta2: number; stepSize: number; secondCorrection: number; epsilon: number }): void;
}
