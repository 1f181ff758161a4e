/** ebm lap FILE: a square cost matrix as JSON {"cost": [[...]]} or as whitespace-separated rows. */
import { readTextFile } from '../../data/readText.ts';
import { assign, type AssignResult } from '../../solve/assign.ts';
import type { CommandResult, Flag, Operand } from '../args.ts';
import { readInput } from '../input.ts';
import { rangeError, typeError } from '../../errors.ts';

export const operands: readonly Operand[] = [{ name: 'FILE', meaning: 'square cost matrix: JSON {"cost": [[...]]} or one whitespace-separated row per line ("-": stdin)' }];

export const flags: readonly Flag[] = [];

/** Rows of numbers from JSON {"cost": [[...]]} or from text, one row per non-empty line. */
export function parseCostMatrix(text: string, source: string): number[][] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (e) {
      throw rangeError(`Expected JSON in ${source}: ${(e as Error).message}`);
    }
    const cost = Array.isArray(json) ? json : (json as { cost?: unknown } | null)?.cost;
    if (!Array.isArray(cost)) throw typeError(`Expected {"cost": [[...]]} in ${source}`);
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
          const x = Number(token);
          if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(token) || !Number.isFinite(x))
            throw rangeError(`Expected a finite number for cost[${i}][${j}] in ${source} but received ${JSON.stringify(token)}`);
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
  return { n, cost: r.cost, assignment: Array.from(r.assignment), seconds: r.seconds };
}

export async function run([file]: string[]): Promise<CommandResult> {
  const rows = await readInput(file!, readCostMatrix, parseCostMatrix);
  const r = assign(rows);
  const json = lapJson(rows.length, r);
  const text = `cost ${r.cost} (n = ${rows.length}, ${(r.seconds * 1000).toFixed(1)} ms)\nassignment (row -> column): ${json.assignment.join(' ')}`;
  return { json, text };
}
