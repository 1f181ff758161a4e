/** Shared test helpers: running ebm, seeded random models, the rows of a sampling result for checkCounts. */
import { setModel, type SetModel } from '../src/energies/setModel.ts';
import { mulberry32 } from '../src/data/preprocess.ts';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ebmBin = fileURLToPath(new URL('../bin/ebm.js', import.meta.url));

/** Runs the `ebm` command (bin/ebm.js on dist/) with plain node; stdin and extra environment optional. */
export function runEbm(args: string[], options: { input?: string; env?: Record<string, string> } = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [ebmBin, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    ...(options.input !== undefined && { input: options.input }),
    ...(options.env !== undefined && { env: { ...process.env, ...options.env } }),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder and a writer of named files in it (returns the file's path). */
export function tempFolder(prefix: string): { dir: string; file(name: string, text: string): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** A seeded PRNG for building test models (the library's mulberry32). */
export const rng = mulberry32;

/** Roughly Gaussian values (sum of three uniforms) of the given scale; integers (x 3, rounded) when asked. */
export function randomValue(r: () => number, scale: number, integer: boolean): () => number {
  return () => {
    const x = (r() + r() + r() - 1.5) * 2 * scale;
    return integer ? Math.round(x * 3) : x;
  };
}

export interface RandomSetSpec {
  n: number;
  seed: number;
  dense?: boolean;
  cardinality?: number | null;
  clampCount?: number;
  scale?: number;
  integer?: boolean;
}

/** A random set model: Gaussian-ish unary and couplings (all pairs dense, about half the pairs sparse). */
export function randomSetModel(spec: RandomSetSpec): SetModel {
  const r = rng(spec.seed);
  const value = randomValue(r, spec.scale ?? 1, spec.integer ?? false);
  const n = spec.n;
  const unary = Array.from({ length: n }, value);
  const clamp = new Array<number>(n).fill(-1);
  for (let c = 0; c < (spec.clampCount ?? 0); c++) clamp[Math.floor(r() * n)] = r() < 0.5 ? 0 : 1;
  let cardinality = spec.cardinality ?? null;
  if (cardinality !== null) {
    // Keep the constraint satisfiable given the clamps.
    const ones = clamp.filter((c) => c === 1).length;
    const free = clamp.filter((c) => c === -1).length;
    cardinality = Math.min(Math.max(cardinality, ones), ones + free);
  }
  const base = { n, unary, cardinality, clamp };
  if (spec.dense) {
    const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) W[i]![j] = W[j]![i] = value();
    return setModel({ ...base, dense: W });
  }
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (r() < 0.5) edges.push([i, j, value()]);
  return setModel({ ...base, edges });
}

/** The rows of a sampling result, for checkCounts. */
export function* rowsOf(r: { samples: Uint8Array | Int32Array; produced: number; n: number }): Iterable<ArrayLike<number>> {
  for (let s = 0; s < r.produced; s++) yield r.samples.subarray(s * r.n, (s + 1) * r.n);
}

