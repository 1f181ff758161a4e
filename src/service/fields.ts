/**
 * Bad input as HTTP answers: `{error, field}` with `field` the JSON pointer (RFC 6901) of the bad value. The
 * library's messages name the field the way code does ("for cost[1][0]", "for seed", "Unknown key "x" in
 * model"); `pointerOf` turns that name into a pointer into the request body, cut back to the deepest value
 * the body really has (the library names `model.edges` for what the file calls `pairwise.edges`).
 */
import { rangeError } from '../errors.ts';

/** An input error that already knows its pointer (the service's own checks). */
export function fieldError(field: string, message: string): Error & { field: string } {
  return Object.assign(rangeError(message), { field });
}

/** "a.b[3][0]" -> ["a", "b", "3", "0"]. */
function segmentsOf(name: string): string[] {
  return name.split(/\.|\[|\]/).filter((s) => s !== '');
}

/** RFC 6901: "~" -> "~0", "/" -> "~1". */
export function pointer(segments: readonly string[]): string {
  return segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The code-style name a library message gives its field, if any. */
function nameIn(message: string): string | undefined {
  const unknown = /^Unknown key "([^"]*)" in ([\w$]+(?:\.[\w$]+|\[\d+\])*)/.exec(message);
  if (unknown) return `${unknown[2]}.${unknown[1]}`;
  return /\bfor ([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)/.exec(message)?.[1];
}

/** The longest prefix of `segments` that exists in `value`. */
function existing(value: unknown, segments: readonly string[]): string[] {
  const out: string[] = [];
  let at = value;
  for (const s of segments) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, s)) break;
    at = (at as Record<string, unknown>)[s];
    out.push(s);
  }
  return out;
}

/**
 * The pointer of the field a library message names, within `body` (under `base`, e.g. "/input" for a job): a
 * top-level key of the body, else an option (under /options), else `fallback` (the input the route parsed).
 */
export function pointerOf(message: string, body: unknown, fallback: string, base = ''): string {
  const name = nameIn(message);
  if (name !== undefined) {
    const segments = segmentsOf(name);
    const first = segments[0]!;
    const rooted = body !== null && typeof body === 'object' && Object.hasOwn(body, first) ? segments : ['options', ...segments];
    const found = existing(body, rooted);
    // An option the body does not have (a default the library checked) still names its own place.
    if (found.length > 0) return base + pointer(found);
    if (rooted[0] === 'options' && segments.length === 1 && OPTION_NAMES.has(first)) return base + pointer(rooted);
  }
  return base + fallback;
}

/** Option names of the library that a message may name without the body having them. */
const OPTION_NAMES = new Set(['timeLimitMs', 'seed', 'workers', 'method', 'replicas', 'chains', 'betaMin', 'betaMax', 'maxRounds', 'polish', 'targetEnergy', 'targetCut', 'samples', 'beta', 'thin', 'burnIn', 'tuneRounds', 'rounds']);
