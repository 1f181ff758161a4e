/**
 * A job's flags: what was given (CLI strings, or numbers from the library) turned into the Flags the command's
 * module reads, by the command's own declarations (types, choices, defaults, required), as commander does for
 * the local command. A flag the command does not take is bad input: a queued job must not silently ignore it.
 */
import { parseNumberFlag, type Flag, type Flags } from '../cli/args.ts';
import { rangeError } from '../errors.ts';

export type GivenFlags = Readonly<Record<string, string | number | boolean | undefined>>;

/** Flags that make the command write a file: on the queue it would land on the worker's machine, not yours. */
export const LOCAL_ONLY_FLAGS: Readonly<Record<string, string>> = {
  plot: 'writes its SVG on the machine that runs the command',
  save: 'writes the model on the machine that runs the command',
  force: 'goes with --save',
};

export function kindFlags(kind: string, declared: readonly Flag[], given: GivenFlags): Flags {
  const names = new Set(declared.map((f) => f.name));
  for (const [name, value] of Object.entries(given)) {
    if (value !== undefined && Object.hasOwn(LOCAL_ONLY_FLAGS, name)) throw rangeError(`--${name} is not available for queued jobs: it ${LOCAL_ONLY_FLAGS[name]} (run ebm ${kind} here for it)`);
    if (value === undefined || names.has(name)) continue;
    const expected = names.size === 0 ? `ebm ${kind} takes no flags` : `expected one of ${[...names].map((n) => '--' + n).join(', ')}`;
    throw rangeError(`Unknown flag --${name} for ${kind} jobs (${expected})`);
  }
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const flag of declared) out[flag.name] = flagValue(flag, given[flag.name]);
  return out;
}

function flagValue(flag: Flag, value: string | number | boolean | undefined): string | number | boolean | undefined {
  if (value === undefined) {
    if (flag.required) throw rangeError(`Expected --${flag.name} <${flag.value ?? 'value'}> (required) but received nothing`);
    return flag.default;
  }
  if (flag.type === 'boolean') {
    if (value === true || value === 'true') return true;
    throw rangeError(`Expected true for --${flag.name} (a switch) but received ${JSON.stringify(value)}`);
  }
  // Numbers from the library pass through the same check as CLI text ("Expected a number for --samples ...").
  if (flag.type === 'number') return parseNumberFlag(flag.name, String(value));
  const text = String(value);
  if (Array.isArray(flag.type) && !flag.type.includes(text)) throw rangeError(`Expected one of ${flag.type.join(', ')} for --${flag.name} but received ${JSON.stringify(text)}`);
  return text;
}
