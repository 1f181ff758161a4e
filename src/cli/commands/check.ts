/**
 * ebm check MODEL COUNTS: the verdict of discrete-ebm/testing's checkCounts on states sampled anywhere (another
 * language included): exit 0 pass, 1 fail, 2 bad input. COUNTS is a JSON object state -> count (the keys
 * `ebm sample` prints: "0110" for sets, "2 0 1" for permutations), the whole `ebm sample --json` object, or
 * JSON lines of states (arrays like [0, 1, 1, 0] or key strings).
 */
import { readTextFile } from '../../data/readText.ts';
import { rangeError } from '../../errors.ts';
import { checkCounts } from '../../testing/checkCounts.ts';
import { formatResult } from '../../testing/format.ts';
import { numberOptions, type CommandResult, type Flag, type Flags, type Operand } from '../args.ts';
import { readInput, readModelInput } from '../input.ts';

export const operands: readonly Operand[] = [
  { name: 'MODEL', meaning: 'model file, JSON "format": "ebm-model/1", small enough to enumerate (20 set items, 10 permutation items)' },
  { name: 'COUNTS', meaning: 'JSON object state -> count (or `ebm sample --json` output), or JSON lines of states ("-": stdin)' },
];

export const flags: readonly Flag[] = [{ name: 'alpha', value: 'A', type: 'number', defaultText: '0.001', meaning: 'significance level of the G-test' }];

/** Counts by key from the text of COUNTS: one JSON object, or one state per line. */
export function parseCounts(text: string, source: string): Record<string, number> | number[][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw rangeError(`Cannot parse ${source} as JSON: ${(error as Error).message}`);
    }
    // `ebm sample --json` prints { counts, top, produced, ... }: its counts are the states.
    const counts = typeof parsed === 'object' && parsed !== null && 'counts' in parsed ? (parsed as { counts: unknown }).counts : parsed;
    return counts as Record<string, number>;
  }
  const lines = trimmed.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) throw rangeError(`Expected counts or states in ${source} but it is empty`);
  const states = lines.map((line, i) => {
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw rangeError(`Cannot parse line ${i + 1} of ${source} as a JSON state ([0, 1, 1] or "011")`);
    }
  });
  // Key strings are tallied as counts of 1 each; arrays go through checkCounts' row path.
  if (states.every((s) => typeof s === 'string')) {
    const counts: Record<string, number> = {};
    for (const s of states as string[]) counts[s] = (counts[s] ?? 0) + 1;
    return counts;
  }
  return states as number[][];
}

function readCounts(path: string): ReturnType<typeof parseCounts> {
  return parseCounts(readTextFile(path, 'counts'), path);
}

export async function run([modelFile, countsFile]: string[], flags: Flags): Promise<CommandResult> {
  const model = await readModelInput(modelFile!);
  const counts = await readInput(countsFile!, readCounts, parseCounts);
  const r = checkCounts(model, counts, numberOptions(flags, { alpha: 'alpha' }));
  return { json: r, text: formatResult(r), exitCode: r.pass ? 0 : 1 };
}
