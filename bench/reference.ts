/**
 * The independent scalar references in ../shared/reference (setref.cpp: max-cut SA and single-site sampling;
 * qapref.cpp: plain QAP SA), built with g++ into a fresh temporary folder and run as external programs. They are
 * references, not part of the product: the benchmarks only call them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Path of the built reference `name` (setref or qapref), or null with a message when its source or g++ is missing. */
export function buildReference(name: 'setref' | 'qapref'): string | null {
  const source = fileURLToPath(new URL(`../../shared/reference/${name}.cpp`, import.meta.url));
  if (!existsSync(source)) {
    console.log(`${name} skipped: ${source} not found`);
    return null;
  }
  const binary = join(mkdtempSync(join(tmpdir(), `ebm-${name}-`)), name);
  try {
    execFileSync('g++', ['-O3', '-march=native', '-std=c++17', '-o', binary, source], { stdio: 'pipe' });
  } catch (e) {
    console.log(`${name} skipped: g++ failed (${(e as Error).message.split('\n')[0]})`);
    return null;
  }
  return binary;
}

/** The scale benchmarks' arguments: `--time S` (default 10), `--seeds K` (default 2), then instance names. */
export function scaleArgs(args: string[]): { time: number; seeds: number; names: string[] } {
  let time = 10;
  let seeds = 2;
  const names: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--time') time = Number(args[++k]);
    else if (args[k] === '--seeds') seeds = Number(args[++k]);
    else names.push(args[k]!);
  }
  return { time, seeds, names };
}
