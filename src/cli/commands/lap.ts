/** ebm lap FILE: a square cost matrix as JSON {"cost": [[...]]} or as whitespace-separated rows. */
import { readFileSync } from 'node:fs';
import { assign } from '../../solve/assign.ts';
import { parse, requirePositional } from '../args.ts';
import type { CommandResult } from '../main.ts';
import { rangeError, typeError } from '../../errors.ts';

export const usage = 'ebm lap FILE [--json]   (FILE: {"cost": [[...]]} or whitespace-separated rows)';

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

export async function run(argv: string[]): Promise<CommandResult> {
  const { positionals } = parse(argv, {});
  const file = requirePositional(positionals, 0, 'a cost matrix file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw rangeError(`Cannot read cost matrix file ${file}: ${(e as Error).message}`);
  }
  const rows = parseCostMatrix(text, file);
  const r = assign(rows);
  const json = { n: rows.length, cost: r.cost, assignment: Array.from(r.assignment), seconds: r.seconds };
  const text2 = `cost ${r.cost} (n = ${rows.length}, ${(r.seconds * 1000).toFixed(1)} ms)\nassignment (row -> column): ${json.assignment.join(' ')}`;
  return { json, text: text2 };
}
