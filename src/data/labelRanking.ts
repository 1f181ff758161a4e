/**
 * Label-ranking CSV files (Cheng, Hühn & Hüllermeier 2009, as shipped by scikit-lr).
 *
 * Format: CRLF lines; line 1 is `n,d,k` (no column names); then n lines of d feature values followed by k
 * integers. The k integers are a RANK VECTOR, 1-based: file[j] = position of label j, 1 = most preferred (not
 * an ordering of labels). Every row of the shipped files is a full ranking (a permutation of 1..k, no ties).
 *
 * Convention here: rankings[i * k + j] = position of label j in example i, 0-based, 0 = best. This is the
 * DESIGN.md permutation convention (sigma[item] = slot), so a ranking can be used directly as a sigma.
 */
import { basename } from 'node:path';
import { clip, quote, rangeError } from '../errors.ts';
import { parseDecimal } from './decimal.ts';
import { readTextFile } from './readText.ts';

export interface LabelRankingDataset {
  /** Features, row-major: x[i * d + f]. */
  x: Float64Array;
  /** Rank vectors, row-major: rankings[i * k + j] = 0-based position of label j (0 = best). */
  rankings: Int32Array;
  d: number;
  k: number;
  rows: number;
  /** The files carry no names: `x0..x{d-1}`. */
  featureNames: string[];
  /** The files carry no names: `label0..label{k-1}`. */
  labelNames: string[];
}

/**
 * Parses a label-ranking CSV (see the module comment for the format).
 *
 * @param text - the file contents (CRLF or LF)
 * @param source - name used in error messages (usually the file name)
 * @throws RangeError naming the row and file for a bad header, a wrong value count, a non-finite feature, a
 *   rank outside 1..k, a rank vector that is not a permutation, or a row count that differs from n
 */
export function parseLabelRanking(text: string, source = 'input.csv'): LabelRankingDataset {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  // Trailing blank lines are common (final CRLF); blank lines elsewhere are an error below.
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  if (lines.length === 0) throw rangeError(`Expected a header line "n,d,k" in ${source} but the file is empty`);

  const header = lines[0]!.split(',').map((t) => t.trim());
  const [n, d, k] = header.map(parseDecimal) as [number, number, number];
  const isCount = (v: number, lo: number): boolean => Number.isInteger(v) && v >= lo;
  if (header.length !== 3 || !isCount(n, 1) || !isCount(d, 0) || !isCount(k, 2)) {
    throw rangeError(`Expected a header line "n,d,k" (n >= 1, d >= 0, k >= 2) in ${source} but received ${quote(lines[0]!)}`);
  }
  if (lines.length - 1 !== n) throw rangeError(`Expected ${n} rows in ${source} (its header says so) but received ${lines.length - 1}`);

  const x = new Float64Array(n * d);
  const rankings = new Int32Array(n * k);
  const seen = new Uint8Array(k); // which positions a row has used, to reject ties and gaps
  for (let i = 0; i < n; i++) {
    const row = i + 1;
    const fields = lines[i + 1]!.split(',');
    if (fields.length !== d + k) throw rangeError(`Expected ${d + k} values in row ${row} of ${source} but received ${fields.length}`);
    for (let f = 0; f < d; f++) {
      const token = fields[f]!.trim();
      const v = parseDecimal(token);
      if (!Number.isFinite(v)) throw rangeError(`Expected a finite number for feature ${f} in row ${row} of ${source} but received ${quote(token)}`);
      x[i * d + f] = v;
    }
    seen.fill(0);
    for (let j = 0; j < k; j++) {
      const token = fields[d + j]!.trim();
      const rank = parseDecimal(token);
      if (!Number.isInteger(rank) || rank < 1 || rank > k) {
        throw rangeError(`Expected a rank in 1..${k} for label ${j} in row ${row} of ${source} but received ${quote(token)}`);
      }
      if (seen[rank - 1]) {
        const ranks = clip(fields.slice(d).map((t) => t.trim()).join(','));
        throw rangeError(`Expected a permutation of 1..${k} in row ${row} of ${source} but received ${ranks} (rank ${rank} repeats)`);
      }
      seen[rank - 1] = 1;
      rankings[i * k + j] = rank - 1; // 1-based in the file, 0-based here
    }
  }
  return {
    x,
    rankings,
    d,
    k,
    rows: n,
    featureNames: Array.from({ length: d }, (_, f) => `x${f}`),
    labelNames: Array.from({ length: k }, (_, j) => `label${j}`),
  };
}

/** Reads a label-ranking CSV file; see `parseLabelRanking`. */
export function readLabelRanking(path: string): LabelRankingDataset {
  return parseLabelRanking(readTextFile(path, 'label-ranking CSV'), basename(path));
}

/**
 * The ordering of a rank vector: order[p] = label at position p (0 = best), i.e. the inverse permutation.
 * Handy for printing ("label2 > label0 > label1") and for argsort-style predictions.
 */
export function rankingToOrder(rankings: Int32Array, i: number, k: number): Int32Array {
  if (!Number.isInteger(i) || i < 0 || (i + 1) * k > rankings.length) throw rangeError(`Expected an example index in [0, ${rankings.length / k - 1}] but received ${i}`);
  const order = new Int32Array(k);
  for (let j = 0; j < k; j++) order[rankings[i * k + j]!] = j;
  return order;
}
