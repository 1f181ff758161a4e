/**
 * What a command declares (its operands and flags, as data) and the flag helpers the commands share. The
 * commander program is built from these declarations in program.ts; commands never see raw argv.
 */
import { maxWorkers, setPoolSize, warmPool } from '../pool/pool.ts';
import { quote, rangeError } from '../errors.ts';
import { parseDecimal } from '../data/decimal.ts';
import type { Progress } from './progress.ts';
import { limits } from '../limits.ts';

/** One flag: `--name <value>`, its type (a list of strings: one of them), default and one-line meaning. */
export interface Flag {
  name: string;
  /** Placeholder of the value in the help (`--time <S>`); absent for booleans. */
  value?: string;
  type: 'number' | 'string' | 'boolean' | readonly string[];
  /** Applied by the CLI when the flag is absent. */
  default?: number | string;
  /** Shown only: a default that the library or another flag decides ("W (--workers)"). */
  defaultText?: string;
  required?: true;
  meaning: string;
}

/** A positional operand (`<FILE>`), always required. */
export interface Operand {
  name: string;
  meaning: string;
  choices?: readonly string[];
}

/** Parsed flags by flag name (`burn-in`, not `burnIn`): numbers already numbers, defaults applied. */
export type Flags = Readonly<Record<string, string | number | boolean | undefined>>;

export interface CommandResult {
  json: unknown;
  text: string;
  /** The exit code of a result that is a negative verdict (ebm check: 1 on fail); 0 when absent. */
  exitCode?: number;
}

/** What a running command gets besides its flags. */
export interface RunContext {
  /** A progress display on stderr for work over one second; the program stops it before printing the result. */
  progress(label: string): Progress;
  /** Aborted by Ctrl-C; asking for it is what installs the SIGINT handler (only commands that can stop ask). */
  interruptSignal(): AbortSignal;
}

export interface CommandModule {
  operands: readonly Operand[];
  flags: readonly Flag[];
  run(operands: string[], flags: Flags, context: RunContext): Promise<CommandResult>;
}

/** Flags every command takes. */
export const COMMON_FLAGS: readonly Flag[] = [
  { name: 'json', type: 'boolean', meaning: 'print exactly one JSON object on stdout (errors too: {error, exitCode})' },
  { name: 'quiet', type: 'boolean', meaning: 'no progress on stderr' },
];

/** Text of a number flag -> number (decimal: "0x10" is a typo, not 16); anything else is bad input naming the flag. */
export function parseNumberFlag(name: string, text: string): number {
  const x = parseDecimal(text.trim());
  if (!Number.isFinite(x)) throw rangeError(`Expected a number for --${name} but received ${quote(text)}`);
  return x;
}

/** A number flag's value (undefined when absent and without default). */
export function num(flags: Flags, name: string): number | undefined {
  const v = flags[name];
  return typeof v === 'number' ? v : undefined;
}

/** The numeric flags that were given, under the library's option names: `{ burnIn: 'burn-in', ... }`. */
export function numberOptions<K extends string>(flags: Flags, names: Record<K, string>): { [key in K]?: number } {
  const out: { [key in K]?: number } = {};
  for (const key of Object.keys(names) as K[]) {
    const v = num(flags, names[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** A string (or choice) flag's value. */
export function str(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A number flag that is always there (declared with a default, or required): its absence is a bug, not bad input. */
export function mustNum(flags: Flags, name: string): number {
  const v = num(flags, name);
  if (v === undefined) throw new Error(`--${name} is neither required nor defaulted`);
  return v;
}

/** The same for a string (or choice) flag. */
export function mustStr(flags: Flags, name: string): string {
  const v = str(flags, name);
  if (v === undefined) throw new Error(`--${name} is neither required nor defaulted`);
  return v;
}

export const WORKERS_FLAG: Flag = { name: 'workers', value: 'W', type: 'number', defaultText: '1 (one libuv thread)', meaning: 'spread the chains over W worker threads (same results for any W)' };

/**
 * --workers W: spread the chains over W worker threads (the pool is sized to W). Absent: undefined, and the
 * job runs on one libuv thread. Results are the same either way.
 */
export function workersFlag(flags: Flags): number | undefined {
  const w = num(flags, 'workers');
  if (w === undefined) return undefined;
  const most = maxWorkers();
  if (!Number.isInteger(w) || w < 1 || w > most) throw rangeError(`Expected integer in [1, ${most}] for --workers (8 per core) but received ${w}`);
  setPoolSize(w);
  warmPool();
  return w;
}

/** --max-memory-mb: the library's maxMemoryMB (the job's memory estimate is checked before it starts). */
export const MEMORY_FLAG: Flag = { name: 'max-memory-mb', value: 'MB', type: 'number', defaultText: 'a quarter of RAM, or env EBM_MAX_MEMORY_MB', meaning: 'refuse a job whose estimated memory is over MB' };

/** --device: where the lanes run (src/device.ts); 'cuda' without a usable GPU is an error that says why. */
export const DEVICE_FLAG: Flag = { name: 'device', value: 'D', type: ['cpu', 'cuda', 'auto'], default: 'auto', meaning: "where the lanes run: 'auto' is the CPU unless a CUDA GPU is present and the job has >= 4096 lanes" };

/** The library's `device` option from --device. */
export function deviceFlag(flags: Flags): { device: 'cpu' | 'cuda' | 'auto' } {
  return { device: mustStr(flags, 'device') as 'cpu' | 'cuda' | 'auto' };
}

/** Flags of the time-budgeted solvers (maxcut, qap); each adds its --target and --method. */
export const SOLVER_FLAGS: readonly Flag[] = [
  { name: 'time', value: 'S', type: 'number', default: 10, meaning: 'wall-clock budget in seconds' },
  { name: 'seed', value: 'N', type: 'number', default: 1, meaning: 'random seed' },
  WORKERS_FLAG,
  MEMORY_FLAG,
  DEVICE_FLAG,
  { name: 'chains', value: 'C', type: 'number', defaultText: 'W (--workers)', meaning: 'independent PT ladders (give it to compare runs across --workers)' },
];

/** --time S: a wall-clock budget in seconds, > 0; undefined when the flag is absent and has no default. */
export function timeFlag(flags: Flags): number | undefined {
  const time = num(flags, 'time');
  if (time !== undefined && !(time > 0)) throw rangeError(`Expected a number > 0 for --time but received ${time}`);
  return time;
}

/**
 * --time S (> 0), --workers W (default 1) and --chains C: one chain (PT ladder) per worker unless --chains
 * says otherwise (give it for runs comparable across --workers).
 */
export function solverBudget(flags: Flags): { time: number; workers: number; chains: number } {
  const time = timeFlag(flags) ?? mustNum(flags, 'time');
  const workers = workersFlag(flags) ?? 1;
  const chains = num(flags, 'chains') ?? workers;
  const most = limits().chains;
  if (!Number.isInteger(chains) || chains < 1 || chains > most) throw rangeError(`Expected integer in [1, ${most}] for --chains but received ${chains}`);
  return { time, workers, chains };
}
