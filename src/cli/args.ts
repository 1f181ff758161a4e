/** Flag parsing shared by the commands (node:util parseArgs, strict: unknown flags are input errors). */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { setPoolSize, warmPool } from '../pool/pool.ts';
import { rangeError } from '../errors.ts';

export type Flags = Record<string, string | boolean | undefined>;

export function parse(argv: string[], options: NonNullable<ParseArgsConfig['options']>): { flags: Flags; positionals: string[] } {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...options },
    allowPositionals: true,
    strict: true,
  });
  return { flags: values as Flags, positionals };
}

/** A numeric flag: Number(text), validated by the caller's library call (which names the field). */
export function num(flags: Flags, name: string): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || !Number.isFinite(Number(v))) throw rangeError(`Expected a number for --${name} but received ${JSON.stringify(v)}`);
  return Number(v);
}

export function requirePositional(positionals: string[], index: number, what: string): string {
  const p = positionals[index];
  if (p === undefined) throw rangeError(`Expected ${what} as argument ${index + 1}`);
  return p;
}

/**
 * --workers W: spread the chains over W worker threads (the pool is sized to W). Absent: undefined, and the
 * job runs on one libuv thread. Results are the same either way.
 */
export function workersFlag(flags: Flags): number | undefined {
  const w = num(flags, 'workers');
  if (w === undefined) return undefined;
  if (!Number.isInteger(w) || w < 1 || w > 1024) throw rangeError(`Expected integer in [1, 1024] for --workers but received ${w}`);
  setPoolSize(w);
  warmPool();
  return w;
}

/** Flags of the time-budgeted solvers (maxcut, qap). */
export const SOLVER_FLAGS = {
  time: { type: 'string' },
  seed: { type: 'string' },
  workers: { type: 'string' },
  target: { type: 'string' },
  method: { type: 'string' },
  chains: { type: 'string' },
} as const;

/**
 * --time S (default 10, > 0), --workers W (default 1) and --chains C: one chain (PT ladder) per worker unless
 * --chains says otherwise (give it for runs comparable across --workers).
 */
export function solverBudget(flags: Flags): { time: number; workers: number; chains: number } {
  const time = num(flags, 'time') ?? 10;
  if (!(time > 0)) throw rangeError(`Expected a number > 0 for --time but received ${time}`);
  const workers = workersFlag(flags) ?? 1;
  const chains = num(flags, 'chains') ?? workers;
  if (!Number.isInteger(chains) || chains < 1 || chains > 65536) throw rangeError(`Expected integer in [1, 65536] for --chains but received ${chains}`);
  return { time, workers, chains };
}
