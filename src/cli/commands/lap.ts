/**
 * ebm lap FILE: a square cost matrix as JSON {"cost": [[...]]} or as whitespace-separated rows. The exact
 * assignment, unless --time runs out or Ctrl-C comes first: then the solver's partial assignment completed
 * greedily, printed with stopped "deadline" / "aborted" (a permutation and its true cost, not proven optimal).
 */
import { readTextFile } from '../../data/readText.ts';
import { assignAsync, type AssignResult } from '../../solve/assign.ts';
import { timeFlag, type CommandResult, type Flag, type Flags, type Operand, type RunContext } from '../args.ts';
import { readInput } from '../input.ts';
import { quote, rangeError, rejectUnknownKeys, requireInteger, typeError } from '../../errors.ts';
import { parseDecimal } from '../../data/decimal.ts';
import { parseJson } from '../../data/json.ts';

export const operands: readonly Operand[] = [{ name: 'FILE', meaning: 'square cost matrix: JSON {"cost": [[...]]} or one whitespace-separated row per line ("-": stdin)' }];

export const flags: readonly Flag[] = [
  { name: 'time', value: 'S', type: 'number', defaultText: 'none (to the optimum)', meaning: 'wall-clock budget in seconds; past it, the partial assignment completed greedily (stopped "deadline", not proven optimal)' },
];

/**
 * Rows of numbers from JSON {"cost": [[...]]} (an optional "n" must match the rows; no other key) or [[...]],
 * or from text, one row per non-empty line.
 */
export function parseCostMatrix(text: string, source: string): number[][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const json = parseJson(trimmed, source, 'a cost matrix (JSON)');
    if (Array.isArray(json)) return json as number[][];
    rejectUnknownKeys(source, json as object, ['cost', 'n'], true);
    const { cost, n } = json as { cost?: unknown; n?: unknown };
    if (!Array.isArray(cost)) throw typeError(`Expected {"cost": [[...]]} in ${source}`);
    // A stated n that disagrees with the rows is a truncated or mixed-up file, not a hint to ignore.
    if (n !== undefined) requireInteger(`n in ${source} (the rows of cost)`, n, cost.length, cost.length);
    return cost as number[][];
  }
  return trimmed
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line, i) =>
      line
        .trim()
        .split(/[\s,]+/)
        .map((token, j) => {
          const x = parseDecimal(token);
          if (!Number.isFinite(x)) throw rangeError(`Expected a finite number for cost[${i}][${j}] in ${source} but received ${quote(token)}`);
          return x;
        }),
    );
}

/** The file's rows; a missing or unreadable file is bad input naming it. */
function readCostMatrix(file: string): number[][] {
  return parseCostMatrix(readTextFile(file, 'cost matrix'), file);
}

/** The `--json` keys of an assignment (the HTTP service answers the same). */
export function lapJson(n: number, r: AssignResult) {
  return { n, cost: r.cost, assignment: Array.from(r.assignment), stopped: r.stopped, seconds: r.seconds };
}

export async function run([file]: string[], flags: Flags, context: RunContext): Promise<CommandResult> {
  const time = timeFlag(flags);
  const rows = await readInput(file!, readCostMatrix, parseCostMatrix);
  // On the libuv pool, so that Ctrl-C (an event on this thread) reaches the solver while it runs.
  const r = await assignAsync(rows, { signal: context.interruptSignal(), ...(time !== undefined && { timeLimitMs: time * 1000 }) });
  const json = lapJson(rows.length, r);
  const how = r.stopped === 'done' ? 'optimal' : `stopped: ${r.stopped}; the partial assignment completed greedily, not proven optimal`;
  const text = `cost ${r.cost} (n = ${rows.length}, ${(r.seconds * 1000).toFixed(1)} ms, ${how})\nassignment (row -> column): ${json.assignment.join(' ')}`;
  return { json, text };
}
