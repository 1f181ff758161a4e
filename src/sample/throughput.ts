/**
 * Single-site heat-bath throughput of the set lane sampler, in attempts per ns, measured beside the scalar
 * reference in the same run: native/core/reference.hpp (one chain, cached local fields, libm exp, xoshiro;
 * same compiler and flags), the simplest correct sweep a careful hand-written loop would be. Timed runs of the
 * two alternate, so a drift of the clock or of the machine's load hits both alike; the figures are medians.
 * `ebm bench sets` and `npm run bench -- sets` both measure through here.
 */
import { native, type LanePrecision, type NativeBinding } from '../native.ts';
import { invalidParameterError, rangeError, requireInteger, requireNumber } from '../errors.ts';
import { SetModel } from '../energies/setModel.ts';
import { requireModel } from '../energies/modelFile.ts';

/** One timed run: the last of a series of runs grown until one lasts the target seconds. */
export interface ThroughputRun {
  attemptsPerNs: number;
  seconds: number;
  sweeps: number;
  attempts: number;
  /** Accepted flips over attempts; undefined for the reference (it does not count them). */
  acceptance?: number;
  precision: LanePrecision;
}

export interface ThroughputOptions {
  /** Inverse temperature of every lane (and of the reference chain). */
  beta: number;
  /** Seconds of one timed run; default 1. */
  seconds?: number;
  /** Timed runs of each sampler (alternating); the medians are reported. Default 3. */
  rounds?: number;
  /** Lanes (replicas) of the lane sampler; rounded up to whole SIMD groups. Default 64. */
  lanes?: number;
  /** 'float64' forces double lanes; 'auto' (default) takes the narrowest exact precision. */
  precision?: 'auto' | 'float64';
  seed?: number;
  /** The addon to measure (bench/sets.ts compares prebuilt binaries); default the loaded one. */
  binding?: NativeBinding;
}

export interface ThroughputResult {
  beta: number;
  /** Lanes the sampler ran (whole groups: at least the lanes asked for). */
  lanes: number;
  precision: LanePrecision;
  /** Median over rounds. */
  attemptsPerNs: number;
  acceptance: number;
  referenceAttemptsPerNs: number;
  /** attemptsPerNs / referenceAttemptsPerNs. */
  ratio: number;
  rounds: { lanes: ThroughputRun[]; reference: ThroughputRun[] };
}

/**
 * One timed run of the lane sampler (or, with `reference`, of the scalar reference): sweeps grow (x2 to x16)
 * until a run lasts `targetSeconds`; that run is the figure.
 */
export function timeSweeps(
  model: SetModel,
  o: { beta: number; reference?: boolean; lanes?: number; precision?: 'auto' | 'float64'; seed?: number },
  targetSeconds: number,
  b: NativeBinding = native(),
): ThroughputRun & { lanes: number } {
  const m = model.toNative();
  let sweeps = 4;
  for (;;) {
    const r = b.setThroughputSync(m, { beta: o.beta, sweeps, seed: o.seed ?? 1, lanes: o.lanes ?? 64, ...(o.reference && { reference: true }), ...(o.precision && { precision: o.precision }) });
    if (r.seconds >= targetSeconds || sweeps > 1e7) {
      const lanes = o.reference ? 1 : Math.round(r.attempts / (sweeps * model.n));
      return {
        attemptsPerNs: r.attempts / r.seconds / 1e9,
        seconds: r.seconds,
        sweeps,
        attempts: r.attempts,
        ...(r.accepted !== undefined && { acceptance: r.accepted / r.attempts }),
        precision: r.precision as LanePrecision,
        lanes,
      };
    }
    sweeps = Math.ceil(sweeps * Math.min(16, Math.max(2, (targetSeconds * 1.1) / Math.max(r.seconds, 1e-4))));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The lane sampler's heat-bath throughput on `model` at `beta`, its acceptance and precision, and the ratio to
 * the scalar reference timed in the same run (medians of `rounds` alternating runs).
 * @throws RangeError, code EBM_INVALID_INPUT, for a model with a cardinality constraint (the probe times
 * single-site flips), beta not finite and >= 0, seconds not in (0, 600], rounds or lanes out of range.
 */
export function measureThroughput(model: SetModel, options: ThroughputOptions): ThroughputResult {
  if (!(requireModel(model) instanceof SetModel)) throw invalidParameterError('model', 'a set model', model, 'type');
  if (model.cardinality !== null) throw rangeError('Expected a model without cardinality for the throughput probe (it times single-site flips)');
  const beta = requireNumber('beta', options.beta, 0);
  const seconds = requireNumber('seconds', options.seconds ?? 1, 1e-3, 600);
  const rounds = requireInteger('rounds', options.rounds ?? 3, 1, 99);
  const lanes = requireInteger('lanes', options.lanes ?? 64, 1, 4096);
  const common = { beta, lanes, seed: options.seed ?? 1, ...(options.precision && { precision: options.precision }) };
  const runs: (ThroughputRun & { lanes: number })[] = [];
  const refs: ThroughputRun[] = [];
  for (let r = 0; r < rounds; r++) {
    runs.push(timeSweeps(model, common, seconds, options.binding));
    refs.push(timeSweeps(model, { ...common, reference: true }, seconds, options.binding));
  }
  const attemptsPerNs = median(runs.map((r) => r.attemptsPerNs));
  const referenceAttemptsPerNs = median(refs.map((r) => r.attemptsPerNs));
  const strip = ({ lanes: _, ...r }: ThroughputRun & { lanes: number }): ThroughputRun => r;
  return {
    beta,
    lanes: runs[0]!.lanes,
    precision: runs[0]!.precision,
    attemptsPerNs,
    acceptance: median(runs.map((r) => r.acceptance ?? NaN)),
    referenceAttemptsPerNs,
    ratio: attemptsPerNs / referenceAttemptsPerNs,
    rounds: { lanes: runs.map(strip), reference: refs },
  };
}
